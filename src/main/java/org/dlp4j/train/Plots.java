package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code plots/{loss,accuracy,dice}.png} from metrics lines (XChart), written atomically. */
public final class Plots {
    static {
        javax.imageio.ImageIO.setUseCache(false); // no temp files, no shutdown hook (SIGTERM-safe)
    }

    private Plots() {
    }

    /** Redraws all plots of a run from its metrics lines. */
    public static void write(List<JsonNode> lines, Path dir) {
        List<double[]> loss = new ArrayList<>();
        List<double[]> smooth = new ArrayList<>();
        List<double[]> testLoss = new ArrayList<>();
        List<double[]> acc = new ArrayList<>();
        List<double[]> dice = new ArrayList<>();
        List<double[]> iu = new ArrayList<>();
        for (JsonNode n : lines) {
            double it = n.path("iteration").asDouble();
            if (n.has("loss") && n.get("loss").isNumber()) {
                loss.add(new double[] {it, n.get("loss").asDouble()});
                if (n.path("smoothed_loss").isNumber()) {
                    smooth.add(new double[] {it, n.get("smoothed_loss").asDouble()});
                }
            }
            if (n.has("dice")) {
                if (n.path("test_loss").isNumber()) {
                    testLoss.add(new double[] {it, n.get("test_loss").asDouble()});
                }
                if (n.path("accuracy").isNumber()) {
                    acc.add(new double[] {it, n.get("accuracy").asDouble()});
                }
                if (n.path("dice").isNumber()) {
                    dice.add(new double[] {it, n.get("dice").asDouble()});
                }
                if (n.path("mean_iu").isNumber()) {
                    iu.add(new double[] {it, n.get("mean_iu").asDouble()});
                }
            }
        }
        try {
            Files.createDirectories(dir);
            save(chart("Loss", "loss", new String[] {"train loss", "smoothed", "test loss"}, loss, smooth, testLoss),
                    dir.resolve("loss.png"));
            save(chart("Pixel accuracy", "accuracy", new String[] {"test accuracy", "mean IU"}, acc, iu),
                    dir.resolve("accuracy.png"));
            save(chart("Dice (foreground)", "Dice", new String[] {"test Dice"}, dice), dir.resolve("dice.png"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write plots into " + dir + ": " + e.getMessage(), e);
        }
    }

    @SafeVarargs
    private static XYChart chart(String title, String yTitle, String[] names, List<double[]>... series) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("iteration").yAxisTitle(yTitle).build();
        c.getStyler().setLegendVisible(true);
        boolean any = false;
        for (int i = 0; i < series.length; i++) {
            List<double[]> s = series[i];
            if (s.isEmpty()) {
                continue;
            }
            double[] x = s.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = s.stream().mapToDouble(p -> p[1]).toArray();
            c.addSeries(names[i], x, y).setMarker(s.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            c.addSeries("(no data yet)", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    private static void save(XYChart c, Path file) throws IOException {
        Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
        BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

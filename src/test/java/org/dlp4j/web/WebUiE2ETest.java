package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole UI in headless Chromium: import synthetic data, drag fcn-small from the Net Library onto the canvas,
 * edit a layer in the Component Setting panel and the solver, validate, train a few iterations with live plots, infer and view the overlay.
 * Screenshots go to target/screenshots/. Skipped without /usr/bin/chromium and /usr/bin/chromedriver.
 */
class WebUiE2ETest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    static Path ws;
    @TempDir
    static Path profile;
    static WebServer server;
    static ChromeDriver driver;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "Chromium or chromedriver missing");
        server = new WebServer(ws, null);
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/?token=" + server.token();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, o);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    static void shot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(200));
    }

    static void tab(String name) {
        driver.findElement(By.cssSelector("#tabs button[data-tab='" + name + "']")).click();
    }

    /** The page as a first visit sees it: nothing remembered from an earlier test (the open tab, the chosen run). */
    static void openFresh() {
        driver.get(url);
        js("localStorage.clear();");
        driver.get("about:blank");
        driver.get(url);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void importEditTrainAndDeployInTheBrowser() throws Exception {
        try {
            scenario();
        } catch (Exception | AssertionError e) {
            shot("failure");
            throw e;
        }
    }

    void scenario() throws Exception {
        openFresh();
        await(20).until(d -> !d.findElement(By.id("setup-ws")).getText().equals("…"));
        assertThat(driver.findElement(By.id("setup-ws")).getText()).isEqualTo(ws.toAbsolutePath().toString());
        assertThat(driver.findElement(By.id("versions")).getText()).contains("caffe").contains("javacpp");
        new Select(driver.findElement(By.id("setup-data-type"))).selectByValue("synthetic");
        shot("1-setup");
        driver.findElement(By.id("setup-save")).click();
        await(10).until(d -> read(ws.resolve(".dlp/settings.json")).contains("\"dataType\":\"synthetic\""));

        // Data: synthetic import with progress, then the LMDB browser
        await(5).until(d -> d.findElement(By.id("tab-data")).isDisplayed());
        assertThat(new Select(driver.findElement(By.id("import-kind"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("synth");
        WebElement cases = driver.findElement(By.id("import-cases"));
        cases.clear();
        cases.sendKeys("3");
        driver.findElement(By.id("import-start")).click();
        await(10).until(d -> !d.findElement(By.id("import-status")).getText().startsWith("No import"));
        // a reload in the middle of the import finds it again (GET /api/jobs) and shows its progress and result
        driver.navigate().refresh();
        tab("data");
        await(10).until(d -> d.findElement(By.id("import-status")).getText().matches("(?s)(Import import-1 running|"
                + "generate:|scan:|write:|Import completed).*"));
        await(60).until(d -> d.findElement(By.id("import-status")).getText().startsWith("Import completed")
                || d.findElement(By.id("import-status")).getAttribute("class").contains("error"));
        assertThat(driver.findElement(By.id("import-status")).getText()).isEqualTo("Import completed.");
        await(20).until(d -> !d.findElements(By.cssSelector("#dataset-summary td.count")).isEmpty()
                && (Boolean) js("const i = document.getElementById('lmdb-mask'); return i.complete && i.naturalWidth > 0;"));
        assertThat(driver.findElement(By.id("dataset-summary")).getText()).contains("train_lmdb").contains("val_gt_lmdb");
        assertThat(((Number) js("return document.getElementById('lmdb-image').naturalWidth;")).intValue()).isEqualTo(256);
        shot("2-data");

        // Net: drag fcn-small from the Net Library onto the canvas, edit conv1 and the solver, validate
        tab("net");
        await(10).until(d -> !d.findElements(By.cssSelector("#library-list li[data-net='fcn-small']")).isEmpty());
        js("const src = document.querySelector(\"#library-list li[data-net='fcn-small']\");"
                + "const dst = document.getElementById('net-canvas'); const dt = new DataTransfer();"
                + "src.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
                + "dst.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "dst.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
        await(20).until(d -> d.findElements(By.cssSelector("#net-graph g.layer")).size() >= 10);
        assertThat(driver.findElement(By.id("net-title")).getText()).startsWith("fcn-small — ");
        assertThat(ws.resolve("nets/fcn-small/deploy.prototxt")).isRegularFile();
        assertThat(((Number) js("return document.querySelectorAll('#net-graph path.edge').length;")).intValue())
                .isGreaterThanOrEqualTo(10);
        driver.findElement(By.cssSelector("#net-graph g.layer[data-layer='conv1']")).click();
        WebElement filler = await(5).until(d -> d.findElement(
                By.cssSelector("#component-setting input[data-prop='convolution_param.weight_filler.type']")));
        assertThat(filler.getAttribute("value")).isEqualTo("msra");
        filler.clear();
        filler.sendKeys("xavier");
        driver.findElement(By.id("prop-apply")).click();
        await(10).until(d -> read(ws.resolve("nets/fcn-small/train_val.prototxt")).contains("\"xavier\""));
        assertThat(read(ws.resolve("nets/fcn-small/train_val.prototxt"))).contains("\"msra\"");  // conv2..conv4 keep theirs
        for (String[] kv : new String[][] {{"max_iter", "6"}, {"test_iter", "2"}, {"test_interval", "3"},
                {"snapshot", "3"}, {"display", "1"}}) {
            WebElement in = driver.findElement(By.cssSelector("#solver-setting input[data-solver='" + kv[0] + "']"));
            in.clear();
            in.sendKeys(kv[1]);
        }
        driver.findElement(By.id("solver-apply")).click();
        await(10).until(d -> read(ws.resolve("nets/fcn-small/solver.prototxt")).contains("max_iter: 6\n"));
        assertThat(read(ws.resolve("nets/fcn-small/solver.prototxt"))).contains("test_iter: 2").contains("snapshot: 3\n");
        // a component whose bottom nobody produces: validation marks it red, removing it makes the net valid again
        driver.findElement(By.id("add-name")).sendKeys("stray");
        driver.findElement(By.id("add-type")).sendKeys("ReLU");
        driver.findElement(By.id("add-bottom")).sendKeys("nowhere");
        driver.findElement(By.id("add-top")).sendKeys("stray");
        driver.findElement(By.id("add-layer")).click();
        await(10).until(d -> !d.findElements(By.cssSelector("#net-graph g.layer[data-layer='stray']")).isEmpty());
        driver.findElement(By.id("net-validate")).click();
        await(30).until(d -> !d.findElements(By.cssSelector("#net-graph g.layer.problem[data-layer='stray']")).isEmpty());
        assertThat(driver.findElement(By.id("net-problems")).getText()).contains("stray").contains("nowhere");
        js("document.querySelector(\"#net-graph g.layer[data-layer='stray']\").scrollIntoView({block: 'center'});");
        shot("3-net-problem");
        driver.findElement(By.cssSelector("#net-graph g.layer[data-layer='stray']")).click();
        await(5).until(d -> d.findElement(By.id("layer-remove"))).click();
        await(10).until(d -> d.findElements(By.cssSelector("#net-graph g.layer[data-layer='stray']")).isEmpty());
        driver.findElement(By.id("net-validate")).click();
        await(30).until(d -> d.findElement(By.id("validate-status")).getText().startsWith("Valid"));
        assertThat(read(ws.resolve("nets/fcn-small/train_val.prototxt"))).doesNotContain("stray");
        js("window.scrollTo(0, 0);");
        shot("3-net");
        // the weight-transfer field names weights that do not exist: offered to the Train form, not sent behind its back
        WebElement pretrained = driver.findElement(By.id("pretrained-weights"));
        pretrained.sendKeys("weights/nope.caffemodel");
        js("arguments[0].dispatchEvent(new Event('change'));", pretrained);

        // Train: a few iterations, live plot points, completion notice
        tab("train");
        await(10).until(d -> new Select(d.findElement(By.id("train-net"))).getOptions().size() > 0);
        assertThat(driver.findElement(By.id("train-weights")).getAttribute("value")).isEqualTo("weights/nope.caffemodel");
        driver.findElement(By.id("train-weights-clear")).click();
        assertThat(driver.findElement(By.id("train-weights")).getAttribute("value")).isEmpty();
        new Select(driver.findElement(By.id("train-net"))).selectByValue("fcn-small");
        driver.findElement(By.id("train-start")).click();
        await(20).until(d -> d.findElement(By.id("run-title")).getText().startsWith("Run fcn-small"));
        String runId = driver.findElement(By.id("run-title")).getText().substring(4);
        // a reload while it trains comes back to the Train tab and this run (its stream attached again)
        driver.navigate().refresh();
        await(20).until(d -> (Boolean) js("return !!(window.dlp && window.dlp.ready);"));
        assertThat(driver.findElement(By.id("tab-train")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("run-title")).getText()).isEqualTo("Run " + runId);
        await(90).until(d -> d.findElement(By.id("train-done")).isDisplayed());
        assertThat(driver.findElement(By.id("train-done")).getText()).startsWith("Training completed after 6 iterations");
        // snapshots every 3 iterations, newest first
        await(10).until(d -> d.findElements(By.cssSelector("#snapshots-table tr[data-iteration]")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#snapshots-table tr[data-iteration]")))
                .extracting(r -> r.getAttribute("data-iteration")).containsExactly("6", "3");
        assertThat(driver.findElement(By.id("train-snapshots")).getText())
                .contains("runs/" + runId + "/snapshots/fcn-small_iter_3.caffemodel");
        long lossPoints = ((Number) js("return window.dlp.charts.loss.data.datasets[0].data.length;")).longValue();
        long dicePoints = ((Number) js("return window.dlp.charts.score.data.datasets[0].data.length;")).longValue();
        assertThat(lossPoints).isGreaterThanOrEqualTo(5);
        assertThat(dicePoints).isGreaterThanOrEqualTo(2);
        assertThat((Boolean) js("const y = window.dlp.charts.loss.data.datasets[0].data.map(p => p.y);"
                + " return y.every(v => Number.isFinite(v) && v > 0);")).isTrue();
        shot("4-train");

        // Deploy: defaults from the run, infer on a test image, overlay drawn in the canvas
        driver.findElement(By.id("train-next")).click();
        await(20).until(d -> !d.findElement(By.id("deploy-weights")).getAttribute("value").isEmpty()
                && !d.findElements(By.cssSelector("#deploy-images input:checked")).isEmpty());
        assertThat(driver.findElement(By.id("deploy-prototxt")).getAttribute("value")).isEqualTo("nets/fcn-small/deploy.prototxt");
        // Weights: the run's snapshots, newest chosen, and a free path for any other file
        Select weights = new Select(driver.findElement(By.id("deploy-weights")));
        assertThat(weights.getOptions()).extracting(o -> o.getAttribute("value")).containsExactly(
                "runs/" + runId + "/snapshots/fcn-small_iter_6.caffemodel",
                "runs/" + runId + "/snapshots/fcn-small_iter_3.caffemodel", "");
        assertThat(weights.getFirstSelectedOption().getAttribute("value")).endsWith("_iter_6.caffemodel");
        assertThat(driver.findElement(By.id("deploy-weights-other")).isDisplayed()).isFalse();
        driver.findElement(By.id("deploy-run-btn")).click();
        await(60).until(d -> !d.findElements(By.cssSelector("canvas.overlay-canvas[data-ready='1']")).isEmpty());
        assertThat((Boolean) js("const i = document.querySelector('img.server-overlay');"
                + " return i.complete && i.naturalWidth === 256;")).isTrue();
        long painted = ((Number) js("const c = document.querySelector('canvas.overlay-canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2]; return s;")).longValue();
        assertThat(painted).isPositive();
        long green = ((Number) js("const c = document.querySelector('canvas.overlay-canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] === 0 && d[i + 1] === 255 && d[i + 2] === 0) n++;"
                + " return n;")).longValue();
        assertThat(green).as("ground-truth outline pixels").isGreaterThan(20);
        assertThat(driver.findElement(By.id("eval-table")).getText()).contains("Dice");
        List<WebElement> links = driver.findElements(By.cssSelector("#deploy-results a"));
        assertThat(links).extracting(WebElement::getText).contains("mask", "overlay PNG", "predictions.csv");
        js("const s = document.getElementById('overlay-opacity'); s.value = 90;"
                + " s.dispatchEvent(new Event('input')); document.getElementById('deploy-results').scrollIntoView();");
        shot("5-deploy");
        everyImageIsListed();
        aSnapshotChosenInTrainOpensInDeploy(runId);
    }

    /**
     * More than a page of test images, and a BMP uploaded through the page: all listed, also after a reload; a PGM
     * (which inference does not read) is not.
     */
    void everyImageIsListed() throws Exception {
        Path images = ws.resolve("data/test_images");
        Path first;
        try (var s = Files.list(images)) {
            first = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        for (int i = 0; i < 30; i++) {
            Files.copy(first, images.resolve(String.format("extra%02d.png", i)));
        }
        // a format the server does not read is not offered, one it reads is (the count below is of PNG, PGM and BMP
        // files)
        Files.write(images.resolve("scan.webp"), new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'});
        Files.writeString(images.resolve("grey.pgm"), "P2\n2 2\n255\n0 255\n255 0\n");
        Path bmp = Files.createTempFile("disc", ".bmp");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        img.getGraphics().fillOval(8, 8, 16, 16);
        assertThat(javax.imageio.ImageIO.write(img, "bmp", bmp.toFile())).isTrue();
        driver.findElement(By.id("deploy-upload")).sendKeys(bmp.toAbsolutePath().toString());
        String uploaded = "uploads/" + bmp.getFileName();
        await(20).until(d -> !d.findElements(By.cssSelector("#deploy-images label[data-path='" + uploaded + "']")).isEmpty());
        Files.delete(bmp);
        driver.navigate().refresh();  // back on the Deploy tab, the list read again from the server
        await(20).until(d -> !d.findElements(By.cssSelector("#deploy-images label[data-path='" + uploaded + "']")).isEmpty());
        long onDisk;
        try (var a = Files.list(images); var b = Files.list(ws.resolve("uploads"))) {
            onDisk = Stream.concat(a, b).filter(p -> p.getFileName().toString().matches(".*\\.(png|pgm|bmp)")).count();
        }
        assertThat(onDisk).isGreaterThan(32);
        assertThat(driver.findElements(By.cssSelector("#deploy-images label[data-path]"))).hasSize((int) onDisk);
        WebElement filter = driver.findElement(By.id("deploy-filter"));
        filter.sendKeys("extra1");
        await(5).until(d -> d.findElement(By.id("deploy-count")).getText().contains(", 10 shown"));
        assertThat(driver.findElements(By.cssSelector("#deploy-images label[data-path]")).stream().filter(WebElement::isDisplayed)
                .map(e -> e.getAttribute("data-path")).toList()).hasSize(10).allMatch(p -> p.startsWith("data/test_images/extra1"));
        shot("6-deploy-images");
    }

    /** Train's snapshot list: "Use in Deploy" on the older snapshot selects it in Deploy's Weights. */
    void aSnapshotChosenInTrainOpensInDeploy(String runId) {
        tab("train");
        await(20).until(d -> d.findElements(By.cssSelector("#snapshots-table tr[data-iteration='3'] button")).size() == 1);
        driver.findElement(By.cssSelector("#snapshots-table tr[data-iteration='3'] button")).click();
        await(20).until(d -> d.findElement(By.id("tab-deploy")).isDisplayed() && d.findElement(By.id("deploy-weights"))
                .getAttribute("value").equals("runs/" + runId + "/snapshots/fcn-small_iter_3.caffemodel"));
        new Select(driver.findElement(By.id("deploy-weights"))).selectByValue("");
        assertThat(driver.findElement(By.id("deploy-weights-other")).isDisplayed()).isTrue();
    }

    @Test
    void aDivergedRunOpensInTheTrainTab() throws Exception {
        // as training writes a diverged run: JSON has no NaN, so the loss is the string "NaN"
        Path run = Files.createDirectories(ws.resolve("runs/div1"));
        Files.writeString(run.resolve("metrics.jsonl"), """
                {"iteration":1,"loss":0.7,"smoothed_loss":0.7,"max_iter":6,"ms_per_iter":40}
                {"iteration":2,"loss":"NaN","smoothed_loss":"NaN","max_iter":6,"ms_per_iter":"NaN"}
                """);
        Files.writeString(run.resolve("run.json"), "{\"start\":\"2000-01-01T00:00:00Z\",\"outcome\":\"diverged\","
                + "\"summary\":{\"iteration\":2}}");
        openFresh(); // nothing remembered: no run selected, nothing to stop or resume
        await(20).until(d -> !d.findElement(By.id("setup-ws")).getText().equals("…"));
        tab("train");
        assertThat(driver.findElement(By.id("run-title")).getText()).isEqualTo("No run selected");
        assertThat((Boolean) js("return document.getElementById('train-stop').disabled"
                + " && document.getElementById('train-resume').disabled;")).isTrue();
        await(10).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> { // the table is redrawn
            d.findElement(By.cssSelector("#runs-table tr[data-run='div1']")).click();
            return true;
        });
        await(20).until(d -> d.findElement(By.id("train-done")).isDisplayed());
        assertThat(driver.findElement(By.id("train-done")).getText()).startsWith("Training diverged after 2 iterations");
        assertThat(driver.findElement(By.id("train-progress-text")).getText()).contains("iteration 2/6").contains("loss NaN");
        assertThat((Boolean) js("const y = window.dlp.charts.loss.data.datasets[0].data.map(p => p.y);"
                + " return y.length === 1 && y[0] === 0.7;")).isTrue();
        assertThat((Boolean) js("return document.getElementById('train-stop').disabled;")).isTrue();
        // a reload comes back to the Train tab and this run
        assertThat((String) js("return location.hash;")).isEqualTo("#tab=train&run=div1");
        driver.navigate().refresh();
        await(20).until(d -> d.findElement(By.id("train-done")).isDisplayed());
        assertThat(driver.findElement(By.id("tab-train")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("run-title")).getText()).isEqualTo("Run div1");
        assertThat(driver.findElement(By.id("train-done")).getText()).startsWith("Training diverged after 2 iterations");
    }

    @Test
    void uploadNamesFromTheBrowserAreNamesTheServerAccepts() {
        driver.get(url);
        await(20).until(d -> (Boolean) js("return !!(window.dlp.deploy && window.dlp.deploy.uploadName);"));
        for (String given : List.of("(1) scan.png", "scan..v2.png", "画像.png", "a..png", "-x.jpg", "x".repeat(300) + ".png",
                "...", "IM-0001-0005.png")) {
            String name = (String) js("return window.dlp.deploy.uploadName(arguments[0]);", given);
            assertThat(WorkspacePaths.name(name, "file name")).as(given).isEqualTo(name);
            if (given.endsWith(".png")) {
                assertThat(name).as(given).endsWith(".png");
            }
        }
        assertThat((String) js("return window.dlp.deploy.uploadName('(1) scan.png');")).isEqualTo("1__scan.png");
        assertThat((String) js("return window.dlp.deploy.uploadName('IM-0001-0005.png');")).isEqualTo("IM-0001-0005.png");
    }
}

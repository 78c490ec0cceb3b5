package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlp serve} as a user starts it: a separate JVM printing the URL with its token. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheUrlWithTokenAndAnswersHealthOnLoopback() throws Exception {
        Path ws = dir.resolve("ws");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0",
                "--ws", ws.toString()));
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = out.readLine();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{36}");
            String base = url.substring(0, url.indexOf("/?"));
            String token = url.substring(url.indexOf("token=") + 6);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<title>dlp4j</title>").contains("chart.umd.js");
            HttpResponse<String> chart = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/webjars/chart.js/4.4.1/dist/chart.umd.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(chart.body()).contains("Chart");
            HttpResponse<String> nets = http.send(HttpRequest.newBuilder(URI.create(base + "/api/nets"))
                    .header("X-DLP-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(nets.body()).isEqualTo("{\"nets\":[]}");
            assertThat(ws).isDirectory();
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("workspace " + ws);
    }

    @Test
    void badArgumentsAreExitCode2() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--ws", file.toString(),
                "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("is a file");
        err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--port", "70000"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--port");
        // a port already taken (another dlp serve) is the user's to change, not an internal error
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            err = new StringWriter();
            assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--ws",
                    dir.resolve("ws-busy").toString(), "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(2);
            assertThat(err.toString()).contains("127.0.0.1:" + taken.getLocalPort()).contains("in use")
                    .contains("another --port").doesNotContain("internal error");
        }
    }
}

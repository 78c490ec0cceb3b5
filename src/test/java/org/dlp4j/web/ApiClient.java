package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.dlp4j.Json;

/** java.net.http client for the API tests: JSON in and out, the token by header, SSE reading. */
final class ApiClient {
    record Response(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text());
            }
        }
    }

    record Event(String name, JsonNode data) {
    }

    final String base;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-DLP-Token", token).GET());
    }

    Response getNoToken(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, Object json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-DLP-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json instanceof String s ? s : Json.write(json))));
    }

    Response postBytes(String path, byte[] body, String type) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-DLP-Token", token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response put(String path, String text) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-DLP-Token", token)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(text)));
    }

    Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads server-sent events from {@code path} until one matches {@code until} (included) or the timeout. */
    List<Event> events(String path, Predicate<Event> until, long timeoutSeconds) throws Exception {
        List<Event> out = new ArrayList<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path + (path.contains("?") ? "&" : "?")
                + "token=" + token)).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> r = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .get(timeoutSeconds, TimeUnit.SECONDS);
        if (r.statusCode() != 200) {
            throw new AssertionError("SSE " + path + " answered " + r.statusCode());
        }
        Thread reader = Thread.currentThread();
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Math.max(1, deadline - System.currentTimeMillis()));
                r.body().close();
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        String name = null;
        try (Stream<String> lines = r.body()) {
            var it = lines.iterator();
            while (it.hasNext()) {
                String l = it.next();
                if (l.startsWith("event:")) {
                    name = l.substring(6).trim();
                } else if (l.startsWith("data:")) {
                    Event e = new Event(name, Json.MAPPER.readTree(l.substring(5).trim()));
                    out.add(e);
                    if (until.test(e)) {
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            // closed by the watchdog or the server
        } finally {
            watchdog.interrupt();
        }
        return out;
    }
}

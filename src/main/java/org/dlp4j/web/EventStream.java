package org.dlp4j.web;

import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.Json;

/**
 * One live event stream (a training run, an import job) for server-sent events. Events are kept, so a
 * client connecting late first receives everything so far; after the terminal event new clients get the
 * whole history and are closed.
 */
public final class EventStream {
    private static final int MAX_HISTORY = 20_000;
    private final List<String[]> history = new ArrayList<>();
    private final List<SseClient> clients = new ArrayList<>();
    private boolean ended;

    /** Sends {@code data} (serialised as JSON) as event {@code name} to every client. */
    public synchronized void publish(String name, Object data) {
        String json = data instanceof String s ? s : Json.write(data);
        if (history.size() < MAX_HISTORY) {
            history.add(new String[] {name, json});
        }
        clients.removeIf(SseClient::terminated);
        for (SseClient c : new ArrayList<>(clients)) {
            send(c, name, json);
        }
    }

    /** Publishes the terminal event and closes every client. */
    public synchronized void end(String name, Object data) {
        publish(name, data);
        ended = true;
        List<SseClient> open = new ArrayList<>(clients);
        clients.clear();
        for (SseClient c : open) {
            c.close();
        }
    }

    public synchronized boolean ended() {
        return ended;
    }

    public synchronized int size() {
        return history.size();
    }

    /** Replays the history to a new client, then keeps it (or closes it when the stream has ended). */
    public synchronized void subscribe(SseClient client) {
        for (String[] e : history) {
            send(client, e[0], e[1]);
        }
        if (ended) {
            client.close();
            return;
        }
        client.keepAlive();
        clients.add(client);
        client.onClose(() -> {
            synchronized (EventStream.this) {
                clients.remove(client);
            }
        });
    }

    private static void send(SseClient c, String name, String json) {
        try {
            c.sendEvent(name, json);
        } catch (RuntimeException e) {
            // the client went away; it is dropped on the next publish
        }
    }
}

package org.dlp4j.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages of the library's validation (written for the CLI) in the web UI's words: a command-line flag becomes the
 * control that sets the same thing ({@code --max-iter} → 'Max iterations', {@code --force} → the "replace existing
 * data/" checkbox). Applied wherever the server passes on a library message: error answers, failed imports, a run's
 * end event.
 */
final class WebWording {
    /** Longest first: whole CLI phrases, then the single flags. */
    private static final Map<Pattern, String> PHRASES = new LinkedHashMap<>();

    static {
        put("give it with --shape N,C,H,W, e.g. --shape 1,1,256,256", "import data first (Data tab): the deploy"
                + " input shape is read from its first record");
        put("use --force to replace it or choose another --out", "tick \"replace existing data/\" to replace it");
        put("use --force to replace it", "tick \"replace existing data/\" to replace it");
        put("choose another --out", "tick \"replace existing data/\" to replace it");
        put("start it again without --resume", "start it again with Start under the same run name (it replaces"
                + " that run)");
        put("continue it with --resume latest, or choose another --run", "continue it with Resume, or choose"
                + " another run name");
        put("--resume latest", "Resume");
        put("--resume", "Resume");
        put("--max-iter", "'Max iterations'");
        put("--snapshot", "'Snapshot every'");
        put("--test-interval", "'Test every'");
        put("--weights", "'Pretrained weights'");
        put("drop --gpu to run on the CPU", "choose the CPU in Setup");
        put("or drop --gpu", "or choose the CPU in Setup");
        put("--gpu", "the GPU (Setup's device)");
        put("--run", "the run name");
    }

    private WebWording() {
    }

    private static void put(String cli, String web) {
        PHRASES.put(Pattern.compile(Pattern.quote(cli) + "(?![A-Za-z-])"), Matcher.quoteReplacement(web));
    }

    /** The message with every CLI flag named as the web UI's control; null stays null. */
    static String of(String message) {
        if (message == null || !message.contains("--")) {
            return message;
        }
        String out = message;
        for (Map.Entry<Pattern, String> e : PHRASES.entrySet()) {
            out = e.getKey().matcher(out).replaceAll(e.getValue());
        }
        return out;
    }
}

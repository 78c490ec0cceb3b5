package org.dlp4j.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves user-supplied paths inside the workspace and nowhere else: {@code ..} segments are refused,
 * absolute paths must lie inside the workspace, and the nearest existing ancestor's real path (symlinks
 * followed) must stay inside the workspace's real path, so a link pointing out is refused too.
 */
public final class WorkspacePaths {
    private final Path root;
    private final Path realRoot;

    public WorkspacePaths(Path workspace) {
        try {
            Files.createDirectories(workspace);
            this.root = workspace.toAbsolutePath().normalize();
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** The workspace path for {@code userPath} (relative to the workspace, or absolute inside it). */
    public Path resolve(String userPath) {
        if (userPath == null || userPath.isBlank()) {
            throw ApiException.badRequest("a path is required");
        }
        if (userPath.indexOf('\0') >= 0) {
            throw ApiException.badRequest("path contains a NUL character");
        }
        String p = userPath.replace('\\', '/');
        for (String seg : p.split("/")) {
            if (seg.equals("..")) {
                throw new ApiException(403, "path '" + userPath + "' leaves the workspace ('..' is not allowed)");
            }
        }
        Path given;
        try {
            given = Path.of(p);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid path '" + userPath + "'");
        }
        Path abs = given.isAbsolute() ? given.normalize() : root.resolve(given).normalize();
        if (!abs.startsWith(root) && !abs.startsWith(realRoot)) {
            throw new ApiException(403, "path '" + userPath + "' is outside the workspace " + root);
        }
        checkReal(abs, userPath);
        return abs;
    }

    /** A path inside the workspace built by the server itself (no user input); still checked for links. */
    public Path inside(String first, String... more) {
        Path abs = root.resolve(Path.of(first, more)).normalize();
        if (!abs.startsWith(root)) {
            throw new ApiException(403, "path outside the workspace: " + abs);
        }
        checkReal(abs, abs.toString());
        return abs;
    }

    /**
     * True when {@code p} (absolute, or relative to the workspace) lies inside the workspace, {@code ..} segments
     * normalised and links followed as far as they exist; false otherwise (nothing is opened).
     */
    public boolean contains(Path p) {
        Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!abs.startsWith(root) && !abs.startsWith(realRoot)) {
            return false;
        }
        try {
            checkReal(abs, abs.toString());
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /** Throws 403 when the nearest existing ancestor of {@code abs} resolves (via links) outside the workspace. */
    private void checkReal(Path abs, String userPath) {
        Path q = abs;
        while (q != null && !Files.exists(q, LinkOption.NOFOLLOW_LINKS)) {
            q = q.getParent();
        }
        if (q == null) {
            return;
        }
        try {
            Path real = q.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new ApiException(403, "path '" + userPath + "' leads outside the workspace (symbolic link)");
            }
        } catch (IOException e) {
            // a dangling link: its target cannot be checked, so refuse it
            throw new ApiException(403, "path '" + userPath + "' cannot be resolved: " + e.getMessage());
        }
    }

    /** The path relative to the workspace, with forward slashes (for URLs and JSON). */
    public String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path rel = abs.startsWith(root) ? root.relativize(abs) : realRoot.relativize(abs);
        return rel.toString().replace('\\', '/');
    }

    /** A safe single name (run id, net name, file stem): letters, digits, dot, dash, underscore. */
    public static String name(String s, String what) {
        if (s == null || !s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") || s.contains("..")) {
            throw ApiException.badRequest(what + " '" + s + "' is not a valid name (letters, digits, '.', '-', '_')");
        }
        return s;
    }
}

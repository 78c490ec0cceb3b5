/**
 * The web UI's HTTP side: a Javalin server ({@link org.dlp4j.web.WebServer}) with a JSON REST API under
 * {@code /api}, live events over server-sent events, and the static single-page front-end from
 * {@code src/main/resources/web}. Every path is confined to the workspace ({@link org.dlp4j.web.WorkspacePaths}),
 * every API call except {@code /api/health} needs the token printed at start, and training and inference run in
 * worker processes. See {@code docs/API.md}.
 */
package org.dlp4j.web;

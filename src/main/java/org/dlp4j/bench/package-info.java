/** Entry points used by the benchmark harness in {@code bench/} (not part of the user-facing API). */
package org.dlp4j.bench;

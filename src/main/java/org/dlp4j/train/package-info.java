/**
 * Training runs (DLP's Train module): a solver driven in a worker process or in-process, metrics
 * (loss, smoothed loss, learning rate, and after each test pass a confusion matrix → accuracy, mean
 * IU, Dice) appended to {@code runs/<run>/metrics.jsonl}, atomic snapshots, resume, and plots.
 */
package org.dlp4j.train;

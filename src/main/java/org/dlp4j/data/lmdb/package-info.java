/**
 * Caffe's data format: {@link org.dlp4j.data.lmdb.Datum} (caffe.Datum protobuf, hand-coded),
 * {@link org.dlp4j.data.lmdb.LmdbWriter} (atomic, grows its map, never fails for "map full") and
 * {@link org.dlp4j.data.lmdb.LmdbReader} (read-only iteration and lookup).
 */
package org.dlp4j.data.lmdb;

package io.gpunit.spark;

/**
 * One input row: the image's path, its bytes (null when the file was too large to read) and its
 * length in bytes.
 */
record ImageInput(String path, byte[] bytes, long length) {}

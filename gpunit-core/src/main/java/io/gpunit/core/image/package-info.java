/**
 * Image I/O and geometry for GP-UNIT tensors: decoding any ImageIO format into NCHW FLOAT in [-1,
 * 1] ({@link io.gpunit.core.image.Images}), PyTorch-compatible resizing ({@link
 * io.gpunit.core.image.Resize}), crops, padding, aspect-ratio policies and image grids.
 */
package io.gpunit.core.image;

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * How the generator is run ({@code scale} and {@code useskip} of the official {@code
 * Generator.forward}).
 *
 * @param useSkip whether the dynamic skip connections fuse encoder features (the official default;
 *     train.py's reconstruction runs without them unless {@code --use_allskip})
 * @param scale the layer whose image is returned: 0 → 8², …, 5 → 256² (the default); later layers
 *     are not built
 */
public record GeneratorOptions(boolean useSkip, int scale) {

  /** With skips, full 256² output. */
  public static final GeneratorOptions DEFAULT =
      new GeneratorOptions(true, GeneratorConfig.layers() - 1);

  public GeneratorOptions {
    Preconditions.checkArgument(
        scale >= 0 && scale < GeneratorConfig.layers(),
        "scale must be in 0..%s, got %s",
        GeneratorConfig.layers() - 1,
        scale);
  }

  public GeneratorOptions withSkip(boolean value) {
    return new GeneratorOptions(value, scale);
  }

  public GeneratorOptions withScale(int value) {
    return new GeneratorOptions(useSkip, value);
  }
}

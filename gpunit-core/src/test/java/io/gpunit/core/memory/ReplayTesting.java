package io.gpunit.core.memory;

import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * What tests of replayed calls share: SameDiff's array cache off, as in training (a replay needs it
 * off), replay back on after each test, and a way to run a call through the session.
 */
abstract class ReplayTesting {

  @BeforeAll
  static void cacheOffAsInTraining() {
    SameDiffArrayCache.offUnlessConfigured();
  }

  @AfterEach
  void replayOn() {
    System.clearProperty(Replay.PROPERTY);
  }

  /** {@code call} with replay off: through SameDiff's session. */
  static <T> T viaSession(Supplier<T> call) {
    System.setProperty(Replay.PROPERTY, "false");
    try {
      return call.get();
    } finally {
      System.clearProperty(Replay.PROPERTY);
    }
  }

  /** A 3×3 convolution of {@code x} with PyTorch-layout weights {@code w}, padding 1, no bias. */
  static SDVariable convolution(SameDiff sd, SDVariable x, SDVariable w, int stride) {
    Conv2DConfig config =
        Conv2DConfig.builder()
            .kH(3)
            .kW(3)
            .sH(stride)
            .sW(stride)
            .pH(1)
            .pW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat("NCHW")
            .build();
    return sd.cnn().conv2d(x, sd.permute(w, 2, 3, 1, 0), config);
  }
}

package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.testing.ReferenceOps;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Every layer that reads the scope's {@link Layout} gives in an NHWC graph what it gives in an NCHW
 * one (whose values the layers' own tests check against plain-Java references), float32 through
 * M2.1's oneDNN kernels, in the first call (the session) and the replayed ones.
 */
class LayoutTest {

  /** A layer applied to one NCHW-shaped input of the given size. */
  private record Case(String name, long[] shape, BiFunction<Scope, SDVariable, SDVariable> layer) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Conv2d REFLECT_CONV =
      Conv2d.builder(4, 6, 3).padding(1).padMode(PadMode.REFLECT).build();

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case("Conv2d 3×3, reflection 1", new long[] {2, 4, 9, 7}, REFLECT_CONV::apply),
            new Case(
                "Conv2d 4×4 stride 2, zeros 1, spectral norm",
                new long[] {2, 4, 10, 8},
                (s, x) ->
                    Conv2d.builder(4, 5, 4)
                        .stride(2)
                        .padding(1)
                        .spectralNorm(true)
                        .build()
                        .apply(s, x)),
            new Case(
                "Conv2d 7×7, reflection 3",
                new long[] {1, 3, 9, 11},
                (s, x) ->
                    Conv2d.builder(3, 4, 7)
                        .padding(3)
                        .padMode(PadMode.REFLECT)
                        .build()
                        .apply(s, x)),
            new Case(
                "InstanceNorm",
                new long[] {2, 4, 6, 5},
                (s, x) -> InstanceNorm.builder(4).build().apply(s, x.mul(3).add(1))),
            new Case(
                "InstanceNorm, affine",
                new long[] {2, 4, 6, 5},
                (s, x) -> InstanceNorm.builder(4).affine(true).build().apply(s, x)),
            new Case(
                "AdaIn",
                new long[] {2, 4, 6, 6},
                (s, x) -> AdaIn.builder(4, 3).build().apply(s, x, styleOf(s, x))),
            new Case(
                "Upsample nearest ×2",
                new long[] {2, 3, 4, 5},
                (s, x) -> Upsample.nearest(2).apply(s, x)),
            new Case(
                "Upsample nearest ×3",
                new long[] {1, 2, 3, 2},
                (s, x) -> Upsample.nearest(3).apply(s, x)),
            new Case(
                "Conv2d 3×3, no padding",
                new long[] {2, 4, 10, 8},
                (s, x) -> Conv2d.builder(4, 5, 3).build().apply(s, x)),
            new Case(
                "ReflectionPad2d 3",
                new long[] {2, 3, 5, 4},
                (s, x) -> ReflectionPad2d.of(3).apply(s.layout(), x)),
            new Case(
                "AdaInResBlock 4 → 6",
                new long[] {2, 4, 6, 6},
                (s, x) -> AdaInResBlock.builder(4, 6, 3).build().apply(s, x, styleOf(s, x))),
            new Case(
                "ResBlock, reflection",
                new long[] {2, 4, 6, 6},
                (s, x) -> ResBlock.builder(4).padMode(PadMode.REFLECT).build().apply(s, x)),
            new Case(
                "DynamicSkipConnection",
                new long[] {2, 4, 8, 8},
                (s, x) -> {
                  SDVariable h = s.sd().cnn().avgPooling2d(x, pool2(s.layout()));
                  return DynamicSkipConnection.builder(4, 4)
                      .build()
                      .apply(s, x.mul(2), x.sub(1), h)
                      .out();
                }))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nhwcGivesTheNchwValues(Case c) {
    INDArray x = ReferenceOps.random(11, c.shape()).castTo(DataType.FLOAT);
    List<INDArray> nchw = run(c, Layout.NCHW, x);
    List<INDArray> nhwc = run(c, Layout.NHWC, x);
    for (int call = 0; call < nchw.size(); call++) {
      INDArray expected = nchw.get(call);
      INDArray actual = nhwc.get(call);
      assertThat(actual.shape()).as("call %s", call).containsExactly(expected.shape());
      double scale = expected.norm2Number().doubleValue();
      double error = actual.sub(expected).norm2Number().doubleValue();
      assertThat(error / scale).as("%s, call %s: relative L2 error", c, call).isLessThan(1e-5);
    }
  }

  @Test
  void networksWrittenForNchwOnlyRefuseAnNhwcGraph() {
    Scope nhwc = Scope.root(SameDiff.create(), Mode.INFERENCE, DataType.FLOAT, 0, Layout.NHWC);
    SDVariable x = nhwc.sd().placeHolder("x", DataType.FLOAT, -1, 4, 8, 8);
    assertThatThrownBy(() -> ConvTranspose2d.builder(4, 2, 4).build().apply(nhwc, x))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ConvTranspose2d is built for NCHW activations only");
    assertThatThrownBy(() -> Upsample.bilinear(16, 16).apply(nhwc, x))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bilinear resizing is built for NCHW activations only");
  }

  /**
   * The layer on {@code x} in a graph of {@code layout}: NCHW placeholder, converted to the layout
   * and back around the layer; its outputs from two calls through {@link Inference#output}.
   */
  private static List<INDArray> run(Case c, Layout layout, INDArray x) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.FLOAT, 5, layout);
    SDVariable in = sd.placeHolder("x", DataType.FLOAT, c.shape());
    SDVariable out = layout.toNchw(c.layer().apply(scope, layout.fromNchw(in))).add(0);
    Map<String, INDArray> feed = Map.of("x", x);
    return List.of(
        Inference.output(sd, feed, out.name()).get(out.name()).dup(),
        Inference.output(sd, feed, out.name()).get(out.name()).dup());
  }

  /** A style code [N, 3] computed from {@code x}, so it differs per sample. */
  private static SDVariable styleOf(Scope scope, SDVariable x) {
    SDVariable pooled = scope.layout().spatialMean(x);
    return pooled.get(SDIndex.all(), SDIndex.interval(0, 3));
  }

  private static Pooling2DConfig pool2(Layout layout) {
    return Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(layout == Layout.NHWC).build();
  }
}

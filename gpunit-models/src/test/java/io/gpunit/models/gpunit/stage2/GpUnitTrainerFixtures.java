package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderConfig;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import io.gpunit.models.training.data.UnpairedBatches;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny widths, a stand-in stage-1 encoder and two flat-colour domains for the stage-2 tests. */
final class GpUnitTrainerFixtures {

  /** Domain A: reddish flat images; domain B: bluish ones (each pixel ± small noise). */
  static final float[] COLOUR_A = {0.6f, -0.2f, -0.6f};

  static final float[] COLOUR_B = {-0.6f, -0.1f, 0.7f};

  private GpUnitTrainerFixtures() {}

  /** {@link #contentEncoderWeights}(4, 1), as distilled at {@code resolution}. */
  static ContentEncoderFile contentEncoder(int resolution) {
    return new ContentEncoderFile(contentEncoderWeights(4, 1), resolution);
  }

  /** A randomly initialised content encoder of width {@code nef}, as stage 1 would hand over. */
  static Map<String, INDArray> contentEncoderWeights(int nef, long seed) {
    ContentEncoderConfig config = ContentEncoderConfig.builder().nef(nef).build();
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, seed);
    SDVariable x = root.sd().placeHolder("x", DataType.FLOAT, -1, 3, 256, 256);
    new ContentEncoder(config).apply(root.child("enc"), x);
    Map<String, INDArray> out = new TreeMap<>();
    for (SDVariable v : root.sd().variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        out.put(v.name().substring("enc.".length()), v.getArr().dup());
      }
    }
    return out;
  }

  static StyleEncoderConfig tinyStyleEncoder() {
    return StyleEncoderConfig.builder()
        .nef(8)
        .downsamplings(2)
        .maxChannels(16)
        .compressChannels(8)
        .mlpLayers(1)
        .build();
  }

  static GpUnitTrainerConfig.Builder tinyConfig() {
    return GpUnitTrainerConfig.builder()
        .styleEncoder(tinyStyleEncoder())
        .discriminatorWidths(8, 16)
        .batchSize(2)
        .lambdaPerceptual(0)
        .seed(11);
  }

  /** Two flat-colour domains of size {@code size}. */
  static UnpairedBatches flatColours(int size) {
    return new UnpairedBatches() {
      @Override
      public int imageSize() {
        return size;
      }

      @Override
      public TwoDomainBatch batch(int n, SplitMix64 random) {
        return new TwoDomainBatch(flat(COLOUR_A, n, random), flat(COLOUR_B, n, random));
      }

      private INDArray flat(float[] colour, int n, SplitMix64 random) {
        INDArray out = Nd4j.create(DataType.FLOAT, n, 3, size, size);
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < 3; c++) {
            float shade = colour[c] + (float) (0.2 * (random.nextDouble() - 0.5));
            out.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                .assign(shade);
          }
        }
        return out;
      }

      @Override
      public String toString() {
        return "flat[A -> B]@" + size;
      }
    };
  }

  /** Mean colour [3] of a batch [N, 3, S, S]. */
  static double[] meanColour(INDArray images) {
    return images.mean(0, 2, 3).castTo(DataType.DOUBLE).toDoubleVector();
  }

  static double distance(double[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(d);
  }
}

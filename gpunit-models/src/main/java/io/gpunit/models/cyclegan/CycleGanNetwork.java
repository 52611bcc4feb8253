package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.LoadReport;
import io.gpunit.core.weights.ParameterStore;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightLoadException;
import io.gpunit.models.ModelFile;
import io.gpunit.models.ModelLoadException;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.core.random.SplitMix64;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained CycleGAN's A → B generator G_A as a {@link TranslationNetwork}: {@code y = G_A(x)}.
 * CycleGAN is unimodal, so there is no style code ({@link #styleDim()} is 0) and the style methods
 * throw. Weights are named as the official state dict names them under {@code netG_A.} ({@code
 * netG_A.model.1.weight}, …, see {@link ResnetGenerator}).
 */
public final class CycleGanNetwork implements TranslationNetwork {

  /** The scope (and weight-name prefix) of the generator. */
  public static final String SCOPE = "netG_A";

  private static final String INPUT = "x";
  private static final String OUTPUT = "y";
  private static final Pattern BLOCK =
      Pattern.compile(Pattern.quote(SCOPE) + "\\.model\\.(\\d+)\\.conv_block\\.1\\.weight");

  private final ResnetGenerator generator;
  private final int imageSize;
  private final SameDiff sd;
  private boolean closed;

  private CycleGanNetwork(ResnetGenerator generator, int imageSize) {
    Preconditions.checkArgument(
        imageSize > 0 && imageSize % 4 == 0,
        "CycleGAN image size must be a positive multiple of 4 (two stride-2 downsamplings), got %s",
        imageSize);
    this.generator = generator;
    this.imageSize = imageSize;
    this.sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.INFERENCE, 0);
    SDVariable x =
        sd.placeHolder(INPUT, DataType.FLOAT, -1, generator.channels(), imageSize, imageSize);
    sd.identity(OUTPUT, generator.apply(root.child(SCOPE), x));
  }

  /** A network with {@code generator}'s architecture and freshly initialised weights. */
  public static CycleGanNetwork create(ResnetGenerator generator, int imageSize) {
    return new CycleGanNetwork(generator, imageSize);
  }

  /**
   * The network whose G_A weights are {@code weights} (ngf, blocks and channels inferred from the
   * shapes); every tensor must be a {@code netG_A.*} weight of that architecture.
   */
  public static CycleGanNetwork fromWeights(TensorSource weights, int imageSize) {
    CycleGanNetwork network = new CycleGanNetwork(inferGenerator(weights), imageSize);
    try {
      network.load(weights);
    } catch (WeightLoadException e) {
      network.close();
      throw new ModelLoadException(
          weights.description(), "not a CycleGAN G_A: " + e.getMessage(), e);
    }
    return network;
  }

  /** The architecture of the G_A weights in {@code weights}. */
  static ResnetGenerator inferGenerator(TensorSource weights) {
    String first = SCOPE + ".model.1.weight";
    if (!weights.names().contains(first)) {
      throw new ModelLoadException(
          weights.description(),
          "not a CycleGAN model: no tensor '" + first + "' (the generator's first convolution)");
    }
    long[] shape = weights.shape(first);
    if (shape.length != 4 || shape[2] != 7 || shape[3] != 7) {
      throw new ModelLoadException(
          weights.description(),
          "'" + first + "' is " + Arrays.toString(shape) + ", expected [ngf, channels, 7, 7]");
    }
    int blocks = 0;
    for (String name : weights.names()) {
      Matcher m = BLOCK.matcher(name);
      if (m.matches()) {
        blocks = Math.max(blocks, Integer.parseInt(m.group(1)) - ResnetGenerator.FIRST_BLOCK + 1);
      }
    }
    return ResnetGenerator.builder()
        .channels(Math.toIntExact(shape[1]))
        .ngf(Math.toIntExact(shape[0]))
        .blocks(blocks)
        .build();
  }

  /**
   * Loads every weight of G_A from {@code weights} (strict: missing, unexpected and mis-shaped
   * tensors fail together and change nothing).
   */
  public LoadReport load(TensorSource weights) {
    checkOpen();
    return ParameterStore.of(sd).load(weights);
  }

  public ResnetGenerator generator() {
    return generator;
  }

  @Override
  public String architecture() {
    return ModelFile.CYCLEGAN;
  }

  @Override
  public int imageSize() {
    return imageSize;
  }

  @Override
  public int styleDim() {
    return 0;
  }

  /** G_A({@code content}); {@code styleCodes} must be null (CycleGAN takes no style code). */
  @Override
  public INDArray translate(INDArray content, INDArray styleCodes) {
    checkOpen();
    Preconditions.checkArgument(
        styleCodes == null,
        "CycleGAN is unimodal and takes no style codes; pass null (got %s)",
        styleCodes == null ? null : Arrays.toString(styleCodes.shape()));
    Preconditions.checkArgument(
        content != null
            && content.rank() == 4
            && content.size(1) == generator.channels()
            && content.size(2) == imageSize
            && content.size(3) == imageSize,
        "CycleGAN translates [N, %s, %s, %s] images, got %s",
        generator.channels(),
        imageSize,
        imageSize,
        content == null ? null : Arrays.toString(content.shape()));
    return Inference.output(sd, Map.of(INPUT, content.castTo(DataType.FLOAT)), OUTPUT).get(OUTPUT);
  }

  @Override
  public INDArray encodeStyle(INDArray images) {
    throw unimodal("encodeStyle");
  }

  @Override
  public INDArray sampleStyles(int n, SplitMix64 random) {
    throw unimodal("sampleStyles");
  }

  private static UnsupportedOperationException unimodal(String method) {
    return new UnsupportedOperationException(
        method
            + ": CycleGAN is unimodal (styleDim 0): it has no style codes; call translate(x,"
            + " null)");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      sd.getSessions().clear();
    }
  }

  private void checkOpen() {
    Preconditions.checkState(!closed, "this CycleGAN network is closed");
  }
}

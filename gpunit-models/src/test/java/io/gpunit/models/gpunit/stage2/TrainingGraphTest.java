package io.gpunit.models.gpunit.stage2;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.testing.ReferenceOps;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderConfig;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.Generator;
import io.gpunit.models.gpunit.GeneratorConfig;
import io.gpunit.models.gpunit.GeneratorOutput;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stage-2 networks build trainable graphs: every generator and discriminator parameter on the
 * path to the output gets a finite, non-zero gradient (small widths, content code 2², images 64²).
 * The content encoder is frozen in stage 2 (and its conv biases, followed by instance norm, have a
 * zero gradient by construction).
 */
class TrainingGraphTest {

  /**
   * The RGB heads below the output scale do not reach the image (the official code ignores them).
   */
  private static final Pattern INTERMEDIATE_RGB =
      Pattern.compile("g\\.model\\.[0-4]\\.rgblayer\\..*");

  @Test
  void generatorAndDiscriminatorParametersAllReceiveGradients() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.TRAINING, 11L);
    StyleEncoderConfig style =
        StyleEncoderConfig.builder().nef(4).maxChannels(8).compressChannels(4).build();
    ContentEncoder encoder =
        new ContentEncoder(ContentEncoderConfig.builder().nef(2).resolution(64).build());
    Generator generator =
        new Generator(GeneratorConfig.builder().ngf(2).styleEncoder(style).build());
    Discriminator discriminator =
        new Discriminator(
            DiscriminatorConfig.builder().dimIn(4).maxConvDim(8).resolution(64).build());

    SDVariable x = sd.constant(ReferenceOps.random(1, 1, 3, 64, 64).castTo(DataType.FLOAT));
    SDVariable y = sd.constant(ReferenceOps.random(2, 1, 3, 32, 32).castTo(DataType.FLOAT));
    ContentFeatures content = encoder.apply(scope.child("content_encoder"), x);
    GeneratorOutput fake = generator.apply(scope.child("g"), content, y);
    Discriminator.Output judged = discriminator.apply(scope.child("d"), fake.image(), 4);
    SDVariable loss =
        judged.logit().mean().add(judged.styleFeature(4).mean()).add(fake.masks().get(0).mean());
    loss.markAsLoss();

    List<String> params =
        sd.variables().stream()
            .filter(v -> v.getVariableType() == VariableType.VARIABLE)
            .map(SDVariable::name)
            .filter(n -> !scope.buffers().contains(n))
            .filter(n -> !n.startsWith("content_encoder."))
            .filter(n -> !INTERMEDIATE_RGB.matcher(n).matches())
            .toList();
    Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), params);

    assertThat(params)
        .contains("g.model.1.skiplayer.update.weight", "d.model.4.conv_1.weight_orig");
    for (String name : params) {
      INDArray g = gradients.get(name);
      assertThat(g).as(name).isNotNull();
      assertThat(g.isNaN().any() || g.isInfinite().any()).as(name).isFalse();
      assertThat(g.amaxNumber().doubleValue()).as(name).isGreaterThan(0);
    }
  }
}

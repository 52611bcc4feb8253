package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.weights.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SyntheticJudgeTest {

  private static final JudgeConfig TINY =
      JudgeConfig.builder().imageSize(16).width(4).steps(2).batchSize(4).build();

  @TempDir Path dir;

  private final INDArray images = Nd4j.rand(3, 3, 16, 16).muli(2).subi(1);

  @Test
  void judgesEveryImageWithClassLogitsAMaskAndFeatures() {
    JudgeOutput out = SyntheticJudge.train(TINY).judge(images);
    assertThat(out.logits().shape()).containsExactly(3, SyntheticJudge.NONE + 1);
    assertThat(out.masks().shape()).containsExactly(3, 1, 16, 16);
    assertThat(out.features().shape()).containsExactly(3, 32);
    assertThat(out.masks().minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(out.masks().maxNumber().doubleValue()).isLessThanOrEqualTo(1);
  }

  @Test
  void trainingIsDeterministicFromTheConfig() {
    INDArray a = SyntheticJudge.train(TINY).judge(images).logits();
    INDArray b = SyntheticJudge.train(TINY).judge(images).logits();
    INDArray c =
        SyntheticJudge.train(
                JudgeConfig.builder().imageSize(16).width(4).steps(2).batchSize(4).seed(1).build())
            .judge(images)
            .logits();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void savedJudgeLoadsWithTheSameOutputs() {
    SyntheticJudge judge = SyntheticJudge.train(TINY);
    Path file = dir.resolve("judge.safetensors");
    judge.save(file);
    SyntheticJudge loaded = SyntheticJudge.load(file);
    assertThat(loaded.config()).isEqualTo(TINY);
    assertThat(loaded.judge(images).logits()).isEqualTo(judge.judge(images).logits());
    assertThat(loaded.judge(images).masks()).isEqualTo(judge.judge(images).masks());
  }

  @Test
  void trainOrLoadReusesACachedJudgeOfTheSameConfigAndRetrainsForAnother() throws Exception {
    Path file = dir.resolve("cache.safetensors");
    SyntheticJudge first = SyntheticJudge.trainOrLoad(file, TINY);
    assertThat(file).exists();
    byte[] written = Files.readAllBytes(file);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
    SyntheticJudge second = SyntheticJudge.trainOrLoad(file, TINY);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
    assertThat(second.judge(images).logits()).isEqualTo(first.judge(images).logits());

    JudgeConfig other = JudgeConfig.builder().imageSize(16).width(4).steps(3).batchSize(4).build();
    SyntheticJudge third = SyntheticJudge.trainOrLoad(file, other);
    assertThat(third.config()).isEqualTo(other);
    assertThat(Files.readAllBytes(file)).isNotEqualTo(written);
    assertThat(SafeTensors.read(file).metadata()).containsEntry("judge.steps", "3");
  }

  @Test
  void loadRejectsAFileThatIsNotAJudge() {
    Path file = dir.resolve("other.safetensors");
    SafeTensors.writer().add("w", Nd4j.zeros(2)).write(file);
    assertThatThrownBy(() -> SyntheticJudge.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a synthetic judge file");
    assertThatThrownBy(() -> SyntheticJudge.load(dir.resolve("missing.safetensors")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such judge file");
  }

  @Test
  void rejectsImagesOfAnotherSize() {
    assertThatThrownBy(() -> SyntheticJudge.train(TINY).judge(Nd4j.zeros(1, 3, 32, 32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[N,3,16,16]")
        .hasMessageContaining("[1, 3, 32, 32]");
  }

  @Test
  void theBundledJudgeKnowsTheSyntheticClassesAndWhereTheObjectIs() {
    SyntheticJudge judge = SyntheticJudge.bundled();
    assertThat(judge.config()).isEqualTo(JudgeConfig.bundled());
    // Ground truth from fresh renders the judge never saw: the quality floor the evaluation needs.
    JudgeQuality quality = judge.quality(200, 12345);
    assertThat(quality.accuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(quality.maskIou()).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void theBundledJudgeSeesACarInASoftCarAndNoClassInABlob() {
    // A judge trained on clean renders only called 44% of these cars something else after a 3x3
    // blur and 77% after a 5x5 one: it judged sharpness, which every translation lacks.
    SyntheticJudge judge = SyntheticJudge.bundled();
    HeldOutSet cars =
        HeldOutSet.render(
            SyntheticPrior.builder().size(SyntheticJudge.BUNDLED_SIZE).build(),
            SyntheticClass.CAT,
            SyntheticClass.CAR,
            64,
            20221);
    int car = SyntheticJudge.classIndex(SyntheticClass.CAR);
    assertThat(DomainAccuracy.of(judge.judge(blurred(cars.targets(), 1)).logits(), car))
        .isGreaterThanOrEqualTo(0.9);
    assertThat(DomainAccuracy.of(judge.judge(blurred(cars.targets(), 2)).logits(), car))
        .isGreaterThanOrEqualTo(0.8);
    // ...and a soft cat is not taken for a car.
    assertThat(DomainAccuracy.of(judge.judge(blurred(cars.content(), 2)).logits(), car))
        .isLessThanOrEqualTo(0.05);
    // An 11x11 blur leaves a shapeless blob. Without a "none" answer, the clean-trained judge
    // called 35 of these cars "bird" after a 9x9 blur, and one trained on soft renders 55 "car".
    assertThat(
            DomainAccuracy.of(
                judge.judge(blurred(cars.targets(), 5)).logits(), SyntheticJudge.NONE))
        .isGreaterThanOrEqualTo(0.8);
  }

  private static INDArray blurred(INDArray batch, int radius) {
    List<FloatImage> images = new ArrayList<>();
    for (int i = 0; i < batch.size(0); i++) {
      images.add(FloatImage.fromTensor(batch.slice(i)).boxBlur(radius));
    }
    return FloatImage.stack(images);
  }

  @Test
  void at64TheJudgeIsTheBundledOneAndNothingIsTrainedOrCached() throws Exception {
    SyntheticJudge judge = SyntheticJudge.forImageSize(SyntheticJudge.BUNDLED_SIZE, dir);
    assertThat(judge.config()).isEqualTo(JudgeConfig.bundled());
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}

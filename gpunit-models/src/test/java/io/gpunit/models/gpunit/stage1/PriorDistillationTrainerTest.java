package io.gpunit.models.gpunit.stage1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.MaskedPairFolders;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPairs;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.testing.MaskedFolders;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.evaluation.Correspondence;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PriorDistillationTrainerTest {

  @TempDir Path dir;

  private static final SyntheticPrior PRIOR = SyntheticPrior.builder().size(64).build();

  private PriorDistillationTrainer trainer(
      PriorDistillationTrainerConfig config, String checkpoint) {
    return PriorDistillationTrainer.builder()
        .config(config)
        .data(PairBatchSource.synthetic(PRIOR))
        .checkpoint(dir.resolve(checkpoint))
        .build();
  }

  /** Codes of held-out pairs (seeds the training stream never uses), one latent per row. */
  private static Correspondence heldOut(PriorDistillationTrainer t) {
    SyntheticPairs catCar =
        PRIOR.pairs(6, SyntheticClass.CAT, SyntheticClass.CAR, new Random(424242));
    SyntheticPairs dogBird =
        PRIOR.pairs(6, SyntheticClass.DOG, SyntheticClass.BIRD, new Random(171717));
    INDArray a = Nd4j.concat(0, catCar.a(), dogBird.a());
    INDArray b = Nd4j.concat(0, catCar.b(), dogBird.b());
    return Correspondence.of(t.contentCode(a), t.contentCode(b));
  }

  @Test
  void aTinyRunBringsTheCodesOfCorrespondingPairsCloserThanThoseOfOtherPairs() {
    PriorDistillationTrainer t =
        trainer(
            PriorDistillationTrainerConfig.builder().nf(8).batchSize(2).lr(1e-3).seed(3).build(),
            "tiny.safetensors");
    Correspondence before = heldOut(t);
    t.loop(TrainingSchedule.of(8)).build().run(0);
    Correspondence after = heldOut(t);

    assertThat(t.history().termNames())
        .containsExactly("mse", "perc", "srec", "fdist", "sdist", "norm", "cls");
    assertThat(after.ratio())
        .as("paired/unpaired code distance before %s, after %s", before, after)
        .isLessThan(1.0)
        .isLessThan(before.ratio());
    // The shape losses are learned first; they must have come down.
    assertThat(last(t, "srec")).isLessThan(first(t, "srec"));
  }

  @Test
  void aSmallCodeShrinksTheEncodersResolutionAndStillLearnsCorrespondence() {
    PriorDistillationTrainer t =
        trainer(
            PriorDistillationTrainerConfig.builder()
                .nf(8)
                .codeSize(4)
                .batchSize(2)
                .lr(1e-3)
                .seed(3)
                .build(),
            "small-code.safetensors");
    assertThat(t.contentResolution()).isEqualTo(128);
    INDArray cats = PRIOR.pairs(2, SyntheticClass.CAT, SyntheticClass.CAR, new Random(1)).a();
    assertThat(t.contentCode(cats).shape()).containsExactly(2, 1, 4, 4);
    Correspondence before = heldOut(t);
    t.loop(TrainingSchedule.of(8)).build().run(0);
    Correspondence after = heldOut(t);

    assertThat(after.ratio())
        .as("paired/unpaired code distance before %s, after %s", before, after)
        .isLessThan(1.0)
        .isLessThan(before.ratio());
    assertThat(last(t, "srec")).isLessThan(first(t, "srec"));
  }

  @Test
  void resumingContinuesBitForBitAndAZeroWeightDropsItsTerm() throws Exception {
    PriorDistillationTrainerConfig config =
        PriorDistillationTrainerConfig.builder()
            .nf(8)
            .batchSize(1)
            .lambdaPerceptual(0)
            .seed(5)
            .build();
    PriorDistillationTrainer straight = trainer(config, "a.safetensors");
    straight.loop(TrainingSchedule.of(2)).build().run(0);

    PriorDistillationTrainer first = trainer(config, "b.safetensors");
    first.loop(TrainingSchedule.of(1)).build().run(0);
    PriorDistillationTrainer resumed = trainer(config, "b.safetensors");
    long start = resumed.resume();
    assertThat(start).isEqualTo(1);
    resumed.loop(TrainingSchedule.of(2)).build().run(start);

    assertThat(straight.history().termNames()).doesNotContain("perc").contains("mse", "cls");
    for (String term : straight.history().termNames()) {
      assertThat(resumed.history().values(term))
          .as(term)
          .isEqualTo(straight.history().values(term));
    }
    SafeTensorsFile a = SafeTensors.read(dir.resolve("a.safetensors"));
    SafeTensorsFile b = SafeTensors.read(dir.resolve("b.safetensors"));
    assertThat(b.names()).isEqualTo(a.names());
    for (String name : a.names()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
    assertThat(Files.readAllBytes(dir.resolve("b.safetensors")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a.safetensors")));
  }

  @Test
  void theContentEncoderIsSavedUnderTheOfficialNamesAndShapes() {
    Path fixture =
        Path.of(System.getProperty("gpunit.fixtures.dir", "../shared/fixtures"))
            .resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");
    Assumptions.assumeTrue(Files.isRegularFile(fixture), "fixture not found: " + fixture);
    SafeTensorsFile official = SafeTensors.read(fixture);
    Map<String, long[]> expected = new LinkedHashMap<>();
    for (String name : official.names()) {
      if (name.startsWith("content_encoder.")) {
        expected.put(name.substring("content_encoder.".length()), official.shape(name));
      }
    }
    Map<String, INDArray> ours =
        trainer(
                PriorDistillationTrainerConfig.builder().nf(8).batchSize(1).build(),
                "c.safetensors")
            .contentEncoderWeights();
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    ours.forEach((name, value) -> assertThat(value.shape()).as(name).isEqualTo(expected.get(name)));
  }

  @Test
  void syntheticBatchesArePairedByLatentAndDeterministic() {
    PairBatchSource source = PairBatchSource.synthetic(PRIOR);
    assertThat(source.classes()).isEqualTo(4);
    PairBatch batch = source.batch(3, new SplitMix64(9));
    PairBatch again = source.batch(3, new SplitMix64(9));
    assertThat(batch.images().shape()).containsExactly(9, 3, 64, 64);
    assertThat(batch.masks().shape()).containsExactly(9, 1, 64, 64);
    assertThat(again.images()).isEqualTo(batch.images());
    assertThat(again.labels()).isEqualTo(batch.labels());
    int[] labels = batch.labels();
    for (int i = 0; i < 3; i++) {
      assertThat(labels[3 + i])
          .as("pair %d is rendered in two classes", i)
          .isNotEqualTo(labels[6 + i]);
    }
    assertThat(source.batch(3, new SplitMix64(10)).images()).isNotEqualTo(batch.images());
  }

  @Test
  void maskedFoldersInTheOfficialLayoutTrainStageOne() {
    SyntheticPrior small = SyntheticPrior.builder().size(32).build();
    MaskedFolders.write(
        small,
        dir.resolve("syn/Train"),
        dir.resolve("syn_mask/Train"),
        3,
        4,
        new SyntheticClass[] {SyntheticClass.DOG, SyntheticClass.BIRD, SyntheticClass.CAR},
        new String[] {"1_dog", "2_bird", "3_car"});
    MaskedPairFolders folders =
        MaskedPairFolders.builder()
            .official(dir.resolve("syn"), "Train")
            .augmentation(Augmentation.builder().loadSize(36).cropSize(32).build())
            .build();
    PairBatchSource source = PairBatchSource.folders(folders);
    assertThat(source.classes()).isEqualTo(3);
    PairBatch batch = source.batch(2, new SplitMix64(1));
    assertThat(batch.images().shape()).containsExactly(6, 3, 32, 32);
    assertThat(batch.masks().shape()).containsExactly(6, 1, 32, 32);
    assertThat(batch.labels()[2]).isNotEqualTo(batch.labels()[4]);
    assertThat(batch.labels()[3]).isNotEqualTo(batch.labels()[5]);
    assertThat(source.batch(2, new SplitMix64(1)).images()).isEqualTo(batch.images());

    PriorDistillationTrainer t =
        PriorDistillationTrainer.builder()
            .config(PriorDistillationTrainerConfig.builder().nf(8).batchSize(1).seed(2).build())
            .data(source)
            .checkpoint(dir.resolve("folders.safetensors"))
            .build();
    t.loop(TrainingSchedule.of(2)).build().run(0);
    for (String term : t.history().termNames()) {
      assertThat(t.history().values(term)).as(term).hasSize(2).allMatch(Double::isFinite);
    }
  }

  @Test
  void stageOneFoldersWithoutSharedNamesAreRejected() {
    SyntheticPrior small = SyntheticPrior.builder().size(16).build();
    MaskedFolders.write(
        small,
        dir.resolve("a/Train"),
        dir.resolve("a_mask/Train"),
        2,
        4,
        new SyntheticClass[] {SyntheticClass.DOG},
        new String[] {"1_dog"});
    MaskedPairFolders folders =
        MaskedPairFolders.builder().official(dir.resolve("a"), "Train").build();
    assertThatThrownBy(() -> PairBatchSource.folders(folders))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two class folders sharing file names");
  }

  @Test
  void rejectsBadConfigurations() {
    assertThatThrownBy(() -> PriorDistillationTrainerConfig.builder().lambdaShapeRec(-1).build())
        .hasMessageContaining("loss weights must be >= 0");
    assertThatThrownBy(() -> PriorDistillationTrainerConfig.builder().adam(null))
        .hasMessageContaining("adam");
    assertThatThrownBy(
            () ->
                PairBatchSource.synthetic(
                    SyntheticPrior.builder().classes(SyntheticClass.CAT).build()))
        .hasMessageContaining("at least two classes");
  }

  private static double first(PriorDistillationTrainer t, String term) {
    return t.history().values(term).get(0);
  }

  private static double last(PriorDistillationTrainer t, String term) {
    var values = t.history().values(term);
    return values.get(values.size() - 1);
  }
}

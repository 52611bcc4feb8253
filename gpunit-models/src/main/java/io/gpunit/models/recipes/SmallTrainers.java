package io.gpunit.models.recipes;

import com.google.common.base.Preconditions;
import io.gpunit.models.ModelFile;
import io.gpunit.models.cyclegan.CycleGanTrainer;
import io.gpunit.models.cyclegan.CycleGanTrainerConfig;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import io.gpunit.models.gpunit.stage2.GpUnitTrainer;
import io.gpunit.models.gpunit.stage2.GpUnitTrainerConfig;
import io.gpunit.models.gpunit.stage2.SamplerFitting;
import io.gpunit.models.munit.MunitTrainer;
import io.gpunit.models.munit.MunitTrainerConfig;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.unit.UnitTrainer;
import io.gpunit.models.unit.UnitTrainerConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The four translators at CPU widths: each architecture's official recipe (losses, weights,
 * optimisers) with networks narrow enough that a step takes a second or a few on 2 cores at 64².
 * The demo, {@code gpunit train} and the side-by-side example build their trainers here, so they
 * compare like with like.
 *
 * @param data the unpaired A → B batches
 * @param batchSize images per domain per step
 * @param seed the run's seed
 * @param checkpoint where the trainer keeps its checkpoint
 * @param domains the model file's {@link ModelFile#DOMAINS} text (UNIT and MUNIT write the data's
 *     description instead)
 */
public record SmallTrainers(
    UnpairedBatches data, int batchSize, long seed, Path checkpoint, String domains) {

  /** Target-domain style codes the GP-UNIT sampler is fitted to. */
  public static final int SAMPLER_CODES = 64;

  /**
   * ICP epochs of the sampler fit. The official default, 2,000,000 / N epochs, is sized for
   * thousands of codes; for 64 it is 31,250 epochs, many minutes on 2 cores. 300 epochs keep the
   * official learning-rate halvings every 50 epochs.
   */
  public static final int SAMPLER_EPOCHS = 300;

  public SmallTrainers {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(domains, "domains");
    Preconditions.checkArgument(batchSize >= 1, "batch size must be >= 1, got %s", batchSize);
  }

  /**
   * A trainer of {@code architecture} ({@link ModelFile#UNIT}, {@link ModelFile#CYCLEGAN}, {@link
   * ModelFile#MUNIT}; GP-UNIT needs its content encoder: {@link #gpUnit}).
   */
  public ModelTrainer baseline(String architecture) {
    switch (architecture) {
      case ModelFile.UNIT:
        return UnitTrainer.builder()
            .config(
                UnitTrainerConfig.builder()
                    .generator(8, 2, 2)
                    .discriminator(8, 3, 2)
                    .batchSize(batchSize)
                    .seed(seed)
                    .build())
            .data(data)
            .checkpoint(checkpoint)
            .build();
      case ModelFile.CYCLEGAN:
        return CycleGanTrainer.builder()
            .config(
                CycleGanTrainerConfig.builder()
                    .ngf(8)
                    .generatorBlocks(2)
                    .ndf(8)
                    .discriminatorLayers(3)
                    .batchSize(batchSize)
                    .seed(seed)
                    .build())
            .data(data)
            .checkpoint(checkpoint)
            .domains(domains)
            .build();
      case ModelFile.MUNIT:
        return MunitTrainer.builder()
            .config(
                MunitTrainerConfig.builder()
                    .generator(8, 2, 2, 8, 32)
                    .discriminator(8, 3, 2)
                    .batchSize(batchSize)
                    .seed(seed)
                    .build())
            .data(data)
            .checkpoint(checkpoint)
            .build();
      default:
        throw new IllegalArgumentException(
            "no baseline called '"
                + architecture
                + "' (unit, cyclegan, munit; gpunit needs a content encoder)");
    }
  }

  /**
   * GP-UNIT stage 2 on a trained stage-1 content encoder (at its resolution) with the {@linkplain
   * #gpUnitCpuRecipe() CPU recipe}; its {@code finish()} fits the sampler to {@link #SAMPLER_CODES}
   * codes.
   */
  public GpUnitTrainer gpUnit(ContentEncoderFile contentEncoder) {
    return GpUnitTrainer.builder()
        .config(gpUnitCpuRecipe().batchSize(batchSize).seed(seed).build())
        .data(data)
        .contentEncoder(contentEncoder)
        .sampler(
            SAMPLER_CODES,
            SamplerFitting.Config.builder().epochs(SAMPLER_EPOCHS).seed(seed).build())
        .checkpoint(checkpoint)
        .domains(domains)
        .build();
  }

  /**
   * GP-UNIT stage 2 for a few hundred steps at 64² and batch 4 on 2 CPU cores: a small style
   * encoder (32-d codes) and discriminator, and the official {@code train.py} settings except where
   * a comment says why. {@code RecipeStudy} in gpunit-examples measured each deviation on a
   * validation seed (the examples README has the runs). Full-size training keeps the official
   * defaults of {@link GpUnitTrainerConfig#builder()}.
   */
  public static GpUnitTrainerConfig.Builder gpUnitCpuRecipe() {
    return GpUnitTrainerConfig.builder()
        .styleEncoder(
            StyleEncoderConfig.builder()
                .nef(8)
                .downsamplings(3)
                .maxChannels(32)
                .compressChannels(16)
                .mlpLayers(1)
                .build())
        .discriminatorWidths(8, 32)
        // The official 1e-4 is sized for ~100k iterations; a few hundred need larger steps.
        .lr(5e-4)
        // The official 0.999 averages over ~1,000 steps and would leave 0.999^250 = 78% of the
        // untrained initial weights in G_ema after the demo's 250 steps; 0.98 (0.6% left) averages
        // over ~50 steps, which smooths the step-to-step swings that 0.95 let through.
        .emaBeta(0.98)
        // Off: |E_c(ŷ) − c_x| pulls ŷ's code to the source's own code, and in a few hundred steps
        // G meets it by copying the cat's silhouette instead of drawing the car whose code is
        // near it (validation content IoU 0.42-0.56 with it, 0.63-0.70 without). It also costs
        // about 30% of a step: E_c runs forward and backward on ŷ at its 256² resolution.
        // The shared content space still carries the layout: c_x is G's input.
        .lambdaContent(0)
        // 5, not 50: at these widths the style term's gradient swamps the others (weighted 1-4
        // against L_adv ≈ 0.7) while D, the source of its features, is still untrained.
        .lambdaStyle(5)
        // Lazy R1 (StyleGAN2): the same average penalty at a quarter of its cost, ~10% of a step.
        .r1Interval(4)
        // D takes the G step's ŷ instead of translating again with the updated G, as
        // pytorch-CycleGAN's loop does: one G forward pass (~7% of a step) less.
        .freshFakesForDiscriminator(false)
        // PyTorch's layer defaults, not train.py's kaiming init: from that init G's style path is
        // live at once (exemplar colours by step 100), but for hundreds of steps G draws the cat's
        // silhouette or a smear, not a car (validation content IoU 0.34 / domain accuracy 0.25 at
        // step 300, 0.33 / 0.09 with λ_msk 30; this recipe 0.69 / 0.88; examples README).
        .officialInit(false);
  }
}

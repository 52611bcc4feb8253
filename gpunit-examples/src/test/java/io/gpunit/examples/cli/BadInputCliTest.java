package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.image.ImageBombs;
import io.gpunit.core.weights.PoisonedWeights;
import io.gpunit.core.weights.torch.TorchBombs;
import io.gpunit.core.weights.torch.TorchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hostile inputs of a real trial (issue 20): none may take a command down or print a stack
 * trace; each failure is one line naming the file and the reason, with exit code 1.
 */
class BadInputCliTest {

  private static Path model;
  private static Path photo;

  @BeforeAll
  static void fixtures() {
    Path base = Cli.fixtures();
    model = base.resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");
    photo = base.resolve("images/male_020167.jpg");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(photo)) {
      throw new IllegalStateException("fixture model or photo missing under " + base);
    }
  }

  private static Cli.Run translate(Path content, Path out, String... extra) {
    String[] args = {
      "translate", "--model", model.toString(), "--content", content.toString(),
      "--out", out.toString(), "--size", "64"
    };
    return Cli.gpunit(Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new));
  }

  private static void assertNoStackTrace(Cli.Run run) {
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.out()).doesNotContain("\tat ");
  }

  private static void assertOneLine(Cli.Run run, String... fragments) {
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").contains(fragments);
    assertNoStackTrace(run);
  }

  /** a.jpg and a.png (same stem), a truncated JPEG, a 20000² PNG bomb, then another good one. */
  private static Path hostileFolder(Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(photo, in.resolve("a.jpg"));
    Files.copy(photo, in.resolve("a.png")); // ImageIO goes by content, not by name
    ImageBombs.truncated(photo, 0.3, in.resolve("b_cut.jpg"));
    ImageBombs.grayPng(in.resolve("z_bomb.png"), 20000, 20000);
    Files.copy(photo, in.resolve("zz.jpg"));
    return in;
  }

  @Test
  void aFolderIsTranslatedToItsEndAndEveryFailureIsListed(@TempDir Path tmp) throws IOException {
    Path in = hostileFolder(tmp);
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path stale = Files.createFile(out.resolve(".zz_grid.png.8123456789.tmp")); // a killed write

    Cli.Run run = translate(in, out, "--max-pixels", "2000000");

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("translated 3 images");
    String[] lines = run.err().strip().split("\n");
    assertThat(lines).hasSize(3);
    // The decoder's own warnings (wording and order are the JDK's) sit in the brackets.
    assertThat(lines[0])
        .startsWith(
            "gpunit translate: " + in.resolve("b_cut.jpg") + ": truncated or damaged image data (")
        .contains("premature end of data segment")
        .endsWith(") (--allow-truncated accepts it)");
    assertThat(lines[1])
        .isEqualTo(
            "gpunit translate: " + in.resolve("z_bomb.png")
                + ": 20000x20000 is 400.0 megapixels, more than the limit of 2.0");
    assertThat(lines[2]).isEqualTo("gpunit translate: 2 of 5 images failed");
    assertNoStackTrace(run);
    // x.jpg and x.png keep their extension in the output names, so neither replaces the other.
    try (Stream<Path> written = Files.list(out)) {
      assertThat(written.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "a_jpg_sample0.png", "a_jpg_grid.png", "a_png_sample0.png", "a_png_grid.png",
              "zz_sample0.png", "zz_grid.png");
    }
    assertThat(stale).doesNotExist();
  }

  @Test
  void failFastStopsAtTheFirstFailureAndTruncationCanBeAllowed(@TempDir Path tmp)
      throws IOException {
    Path in = hostileFolder(tmp);
    Path out = tmp.resolve("out");

    Cli.Run run = translate(in, out, "--fail-fast", "--allow-truncated");

    assertOneLine(run, in.resolve("z_bomb.png").toString(), "more than the limit of 50.0");
    assertThat(out.resolve("b_cut_sample0.png")).isRegularFile();
    assertThat(out.resolve("zz_sample0.png")).doesNotExist();
  }

  @Test
  void nonFiniteModelOutputsAreOneLinePerImage(@TempDir Path tmp) {
    Path nan = PoisonedWeights.nanUnder(model, "g_ema.", tmp.resolve("nan.safetensors"));

    Cli.Run run =
        Cli.gpunit(
            "translate", "--model", nan.toString(), "--content", photo.toString(),
            "--out", tmp.resolve("out").toString(), "--size", "64");

    assertThat(run.exit()).isEqualTo(1);
    String[] lines = run.err().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains(photo.toString()).contains("non-finite");
    assertThat(lines[1]).isEqualTo("gpunit translate: 1 of 1 images failed");
    assertNoStackTrace(run);
    assertThat(tmp.resolve("out")).doesNotExist(); // nothing written, so no empty folder left
  }

  @Test
  void anOutThatIsAFileOrUnwritableFailsBeforeTheModelLoads(@TempDir Path tmp)
      throws IOException {
    Path file = Files.writeString(tmp.resolve("results"), "not a folder");
    Path locked = unwritableFolder(tmp);

    assertOneLine(translate(photo, file), "--out " + file, "is a file, not a folder");
    Cli.Run denied = translate(photo, locked);
    assertOneLine(denied, "--out " + locked, "permission denied");
    assertThat(denied.out()).doesNotContain("translated");
  }

  @Test
  void inputsAreCheckedBeforeTheModelAndNoEmptyOutIsLeft(@TempDir Path tmp) {
    Path out = tmp.resolve("new/out");
    Path missingImage = tmp.resolve("missing.jpg");

    // The model is missing too: the image is named, so it was checked first.
    Cli.Run run =
        Cli.gpunit(
            "translate", "--model", tmp.resolve("none.safetensors").toString(),
            "--content", missingImage.toString(), "--out", out.toString());
    assertOneLine(run, missingImage.toString(), "no such file");

    Cli.Run badModel =
        Cli.gpunit(
            "translate", "--model", tmp.resolve("none.safetensors").toString(),
            "--content", photo.toString(), "--out", out.toString());
    assertOneLine(badModel, "none.safetensors", "no such file");
    assertThat(tmp.resolve("new")).doesNotExist();
  }

  @Test
  void convertRefusesTheTrialsCheckpointBombInOneLine(@TempDir Path tmp) throws IOException {
    Path bomb = TorchBombs.zeroStorage(tmp.resolve("content_encoder.pt"), TorchBombs.TRIAL_NUMEL);
    Path task = TorchFiles.saveStateDict(Map.of("w", Nd4j.ones(2)), tmp.resolve("task.pt"));
    Path out = tmp.resolve("model.safetensors");
    Path stale = Files.createFile(tmp.resolve(".model.safetensors.55.tmp"));

    Cli.Run run =
        Cli.gpunit(
            "convert", "--content-encoder", bomb.toString(), "--task", task.toString(),
            out.toString());

    assertOneLine(run, bomb.toString(), "2147.5 MB", "budget");
    assertThat(out).doesNotExist();
    assertThat(stale).doesNotExist();
  }

  @Test
  void infoRecognisesATorchCheckpointAndAFolder(@TempDir Path tmp) throws IOException {
    Path pt = TorchFiles.saveStateDict(Map.of("w", Nd4j.ones(2)), tmp.resolve("cat2dog.pt"));

    Cli.Run run = Cli.gpunit("info", pt.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("PyTorch checkpoint")
        .contains("1 tensors")
        .contains("gpunit convert");

    assertOneLine(Cli.gpunit("info", tmp.toString()), tmp.toString(), "is a folder");
    assertOneLine(Cli.gpunit("info", tmp.resolve("nope").toString()), "no such file");
  }

  /**
   * A folder this process cannot create files in: one without write permission, or, where the
   * tests run as root (which ignores permissions), /sys, which refuses new files to everyone.
   */
  private static Path unwritableFolder(Path tmp) throws IOException {
    Path locked = Files.createDirectory(tmp.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Files.delete(Files.createFile(locked.resolve("probe")));
    } catch (IOException e) {
      return locked;
    }
    Path sys = Path.of("/sys");
    if (!Files.isDirectory(sys)) {
      throw new IllegalStateException("running privileged and no /sys to test against");
    }
    return sys;
  }
}

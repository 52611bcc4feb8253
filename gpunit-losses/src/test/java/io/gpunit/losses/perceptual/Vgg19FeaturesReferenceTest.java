package io.gpunit.losses.perceptual;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.TensorSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * VGG19 features against torchvision's activations in {@code <fixtures>/vgg/<fixture>/} (or {@code
 * -Dgpunit.vgg.reference.dir}), one test per fixture directory.
 */
class Vgg19FeaturesReferenceTest {

  private static final double MAX_REL_L2 = 1e-5;
  private static final double MAX_ABS = 1e-4;
  private static final List<String> TAPS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1");

  private static Path referenceDir() {
    String override = System.getProperty("gpunit.vgg.reference.dir");
    if (override != null && !override.isBlank()) {
      return Paths.get(override);
    }
    String fixtures = System.getProperty("gpunit.fixtures.dir");
    if (fixtures == null || fixtures.isBlank()) {
      throw new AssertionError(
          "neither gpunit.vgg.reference.dir nor gpunit.fixtures.dir is set; run through Maven or"
              + " pass -Dgpunit.fixtures.dir=<repo>/../shared/fixtures");
    }
    return Paths.get(fixtures, "vgg");
  }

  private static List<Path> fixtureDirs() throws IOException {
    Path dir = referenceDir();
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("VGG reference fixtures not found: " + dir.toAbsolutePath() + " is not a directory");
    }
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isDirectory).sorted().forEach(dirs::add);
    }
    if (dirs.isEmpty()) {
      throw new AssertionError("no VGG reference fixture directories in " + dir.toAbsolutePath());
    }
    return dirs;
  }

  private static SafeTensorsFile fixtureFile(Path fixture) throws IOException {
    try (Stream<Path> s = Files.list(fixture)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
      if (files.size() != 1) {
        throw new AssertionError("expected one .safetensors file in " + fixture + ", found " + files);
      }
      return SafeTensors.read(files.get(0));
    }
  }

  /** The taps and the normalised input computed by {@link Vgg19Features} with {@code weights}. */
  private static Map<String, INDArray> run(SafeTensorsFile file, TensorSource weights) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, 0);
    INDArray x = file.getAsFloat("input.x");
    SDVariable input = sd.placeHolder("x", DataType.FLOAT, x.shape());
    Vgg19Features vgg =
        Vgg19Features.builder(weights)
            .upTo("relu4_1")
            .normalization(floats(file.getAsFloat("input.mean")), floats(file.getAsFloat("input.std")))
            .build();
    SDVariable normalized = vgg.normalize(scope, input);
    Map<String, SDVariable> taps = vgg.features(scope, input);
    List<String> names = new ArrayList<>();
    names.add(normalized.name());
    TAPS.forEach(t -> names.add(taps.get(t).name()));
    Map<String, INDArray> out = sd.output(Map.of("x", x), names);
    Map<String, INDArray> result = new HashMap<>();
    result.put("normalized", out.get(normalized.name()));
    TAPS.forEach(t -> result.put(t, out.get(taps.get(t).name())));
    return result;
  }

  private static float[] floats(INDArray a) {
    return a.dup('c').castTo(DataType.FLOAT).data().asFloat();
  }

  /** Names of the outputs outside tolerance, with their errors. */
  private static List<String> mismatches(SafeTensorsFile file, Map<String, INDArray> actual) {
    List<String> bad = new ArrayList<>();
    for (String key : actual.keySet()) {
      INDArray expected = file.getAsFloat("output." + key).castTo(DataType.DOUBLE);
      INDArray got = actual.get(key).castTo(DataType.DOUBLE);
      assertThat(got.shape()).as("shape of %s", key).isEqualTo(expected.shape());
      double relL2 = got.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
      double maxAbs = got.sub(expected).amaxNumber().doubleValue();
      if (!(relL2 <= MAX_REL_L2 && maxAbs <= MAX_ABS)) {
        bad.add(String.format("%s: rel L2 %.3e, max-abs %.3e", key, relL2, maxAbs));
      }
    }
    return bad;
  }

  @TestFactory
  Stream<DynamicTest> featuresMatchTorchvisionAtEveryFixtureSize() throws IOException {
    return fixtureDirs().stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    "VGG19 relu1_1..relu4_1 match torchvision: " + dir.getFileName(),
                    () -> {
                      SafeTensorsFile file = fixtureFile(dir);
                      assertThat(mismatches(file, run(file, file))).isEmpty();
                    }));
  }

  @Test
  void perturbingOneWeightBreaksTheMatch() throws IOException {
    SafeTensorsFile file = fixtureFile(fixtureDirs().get(0));
    Map<String, INDArray> weights = new HashMap<>();
    for (String name : file.names()) {
      if (name.startsWith("features.")) {
        weights.put(name, file.getAsFloat(name));
      }
    }
    INDArray conv = weights.get("features.10.weight").dup();
    conv.putScalar(new long[] {0, 0, 1, 1}, conv.getDouble(0, 0, 1, 1) + 1e-2);
    weights.put("features.10.weight", conv);
    List<String> bad = mismatches(file, run(file, TensorSource.of(weights)));
    assertThat(bad).anyMatch(s -> s.startsWith("relu3_1")).anyMatch(s -> s.startsWith("relu4_1"));
    assertThat(bad).noneMatch(s -> s.startsWith("relu1_1") || s.startsWith("relu2_1"));
  }

  @Test
  void defaultNormalisationEqualsTheFixturesFloat32Statistics() throws IOException {
    SafeTensorsFile file = fixtureFile(fixtureDirs().get(0));
    assertThat(Vgg19Features.GPUNIT_MEAN).containsExactly(floats(file.getAsFloat("input.mean")));
    assertThat(Vgg19Features.GPUNIT_STD).containsExactly(floats(file.getAsFloat("input.std")));
  }
}

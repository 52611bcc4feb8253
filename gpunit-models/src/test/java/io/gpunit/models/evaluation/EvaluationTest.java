package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The evaluation run on networks whose scores are known, refereed by the bundled judge. The
 * identity and the oracle are the two ends of the scale: each metric separates them, so a metric
 * that measured the wrong thing would fail here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationTest {

  private static final int SIZE = SyntheticJudge.BUNDLED_SIZE;

  private SyntheticJudge judge;
  private Evaluation evaluation;

  @BeforeAll
  void loadJudge() {
    judge = SyntheticJudge.bundled();
    evaluation = builder().build();
  }

  private Evaluation.Builder builder() {
    return Evaluation.builder()
        .classes(SyntheticClass.CAT, SyntheticClass.CAR)
        .seed(7)
        .images(40)
        .samplesPerContent(3)
        .judge(judge);
  }

  @Test
  void theIdentityKeepsTheSourceShapeAndStaysInDomainA() {
    EvaluationResult r = evaluation.evaluate("id", TestNetworks.identity(SIZE));
    JudgeQuality quality = judge.quality(100, 99);
    assertThat(r.domainAccuracy()).isLessThan(0.15);
    assertThat(r.sourceIou()).isGreaterThan(quality.maskIou() - 0.1);
    assertThat(r.contentIou()).isLessThan(r.sourceIou() - 0.2);
    assertThat(r.diversity()).isZero();
    assertThat(r.architecture()).isEqualTo("identity");
    assertThat(r.domains()).isEqualTo("CAT->CAR");
  }

  @Test
  void theOracleMatchesTheGroundTruthAndIsClassifiedAsB() {
    EvaluationResult oracle =
        evaluation.evaluate("oracle", TestNetworks.oracle(evaluation.heldOut()));
    EvaluationResult identity = evaluation.evaluate("id", TestNetworks.identity(SIZE));
    assertThat(oracle.domainAccuracy()).isGreaterThan(0.75);
    // Output masks are the judge's: a perfect output scores the judge's own segmentation IoU.
    assertThat(oracle.contentIou()).isGreaterThan(judge.quality(100, 99).maskIou() - 0.1);
    assertThat(oracle.contentIou()).isGreaterThan(identity.contentIou() + 0.2);
    assertThat(oracle.sourceIou()).isCloseTo(oracle.oracleSourceIou(), within(0.15));
    // The real targets themselves: their features are the reference set.
    assertThat(oracle.fid()).isCloseTo(0, within(1e-4));
    assertThat(oracle.kid()).isLessThan(identity.kid());
    assertThat(oracle.fid()).isLessThan(identity.fid());
  }

  @Test
  void aNetworkIgnoringItsStyleHasNoDiversityAndOneUsingItHasSome() {
    var constant = TestNetworks.constant(evaluation.heldOut().targets().slice(0));
    assertThat(evaluation.evaluate("c", constant).diversity()).isCloseTo(0, within(1e-9));
    assertThat(evaluation.evaluate("s", TestNetworks.styleShift(SIZE)).diversity())
        .isGreaterThan(0.01);
  }

  @Test
  void isDeterministic() {
    var network = TestNetworks.styleShift(SIZE);
    assertThat(evaluation.evaluate("s", network)).isEqualTo(evaluation.evaluate("s", network));
  }

  @Test
  void rejectsANetworkOfAnotherSize() {
    assertThatThrownBy(() -> evaluation.evaluate("small", TestNetworks.identity(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32² images")
        .hasMessageContaining("64²");
  }

  @Test
  void collectsNativeGarbageWhenMemoryIsAboveTheGuardsLimit() {
    NativeMemoryGuard guard = NativeMemoryGuard.withLimit(1);
    builder().images(9).memoryGuard(guard).build().evaluate("id", TestNetworks.identity(SIZE));
    assertThat(guard.collections()).isPositive();
  }
}

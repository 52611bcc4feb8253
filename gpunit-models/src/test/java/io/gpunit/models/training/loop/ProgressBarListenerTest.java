package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressBarListenerTest {

  @Test
  void rendersTheTaskTheProgressAndTheLatestLossTerms() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ProgressBarListener listener = ProgressBarListener.to("stage1", lines::add);
    listener.onStart(10, new TrainingSchedule(40, 0, 0));
    Map<String, Double> losses = new LinkedHashMap<>();
    losses.put("arec", 0.123456);
    losses.put("srec", 0.0045);
    listener.onStep(11, losses);
    listener.onStep(12, losses);
    listener.onEnd(12, true);
    String last = lines.get(lines.size() - 1);
    assertThat(last)
        .contains("stage1")
        .contains("12/40")
        .contains("Larec: 0.1235 Lsrec: 0.004500")
        .contains("(stopped)");
    // elapsed / ETA
    assertThat(last).containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)");
  }

  @Test
  void formatsTermsInTheirOrder() {
    Map<String, Double> losses = new LinkedHashMap<>();
    losses.put("b", 2.0);
    losses.put("a", Double.NaN);
    assertThat(ProgressBarListener.format(losses)).isEqualTo("Lb: 2.000 La: NaN");
  }
}

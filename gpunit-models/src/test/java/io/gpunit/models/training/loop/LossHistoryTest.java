package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.models.training.checkpoint.Checkpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossHistoryTest {

  @Test
  void termsAreColumnsWithNaNWhereAbsentAndSurviveACheckpointExactly() {
    LossHistory h = new LossHistory();
    h.record(1, Map.of("a", 0.1));
    Map<String, Double> second = new LinkedHashMap<>();
    second.put("a", Double.POSITIVE_INFINITY);
    second.put("b", 1.0 / 3.0);
    h.record(2, second);
    h.record(5, Map.of("b", -0.0));
    assertThat(h.steps()).containsExactly(1L, 2L, 5L);
    assertThat(h.termNames()).containsExactly("a", "b");
    assertThat(h.values("a")).containsExactly(0.1, Double.POSITIVE_INFINITY, Double.NaN);
    assertThat(h.values("b")).containsExactly(Double.NaN, 1.0 / 3.0, -0.0);

    Checkpoint.Builder b = Checkpoint.builder(5);
    h.saveTo(b);
    LossHistory restored = new LossHistory();
    restored.loadFrom(b.build());
    assertThat(restored.steps()).isEqualTo(h.steps());
    assertThat(restored.values("a")).isEqualTo(h.values("a"));
    assertThat(restored.values("b")).isEqualTo(h.values("b"));
  }

  @Test
  void stepsMustIncrease() {
    LossHistory h = new LossHistory();
    h.record(3, Map.of("a", 1.0));
    assertThatThrownBy(() -> h.record(3, Map.of("a", 1.0)))
        .hasMessageContaining("step 3 recorded after step 3");
  }
}

package io.gpunit.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyMappingTest {

  @Test
  void identityKeepsEveryName() {
    assertThat(KeyMapping.identity().apply("layer1.0.conv.weight_orig")).contains("layer1.0.conv.weight_orig");
  }

  @Test
  void stripPrefixRemovesItAndDropsNamesOutsideIt() {
    KeyMapping m = KeyMapping.builder().stripPrefix("g_ema.").build();

    assertThat(m.apply("g_ema.model.0.weight")).contains("model.0.weight");
    assertThat(m.apply("sampler.bn1.weight")).isEmpty();
    assertThat(m.apply("g_ema")).isEmpty();
  }

  @Test
  void addPrefixPrepends() {
    assertThat(KeyMapping.builder().addPrefix("generator.").build().apply("w")).contains("generator.w");
  }

  @Test
  void exactRenameTouchesOnlyTheWholeName() {
    KeyMapping m = KeyMapping.builder().rename("fc.weight", "linear.weight").build();

    assertThat(m.apply("fc.weight")).contains("linear.weight");
    assertThat(m.apply("fc.weight_orig")).contains("fc.weight_orig");
  }

  @Test
  void regexRenameSupportsGroups() {
    KeyMapping m = KeyMapping.builder().renameRegex("^model\\.(\\d+)\\.", "layers.$1.").build();

    assertThat(m.apply("model.12.conv.bias")).contains("layers.12.conv.bias");
    assertThat(m.apply("style.model.1.bias")).contains("style.model.1.bias");
  }

  @Test
  void globIgnoreMatchesAcrossDotsAndOnlyWholeNames() {
    KeyMapping m = KeyMapping.builder().ignore("*.num_batches_tracked").build();

    assertThat(m.apply("sampler.bn1.num_batches_tracked")).isEmpty();
    assertThat(m.apply("bn.num_batches_tracked_not")).contains("bn.num_batches_tracked_not");
    assertThat(m.apply("num_batches_tracked")).contains("num_batches_tracked");
    assertThat(KeyMapping.builder().ignore("a?c").build().apply("a.c")).isEmpty();
    assertThat(KeyMapping.builder().ignore("a.c").build().apply("abc")).contains("abc");
  }

  @Test
  void regexIgnoreMatchesWholeNames() {
    KeyMapping m = KeyMapping.builder().ignoreRegex("d\\..*").build();

    assertThat(m.apply("d.conv.weight")).isEmpty();
    assertThat(m.apply("g.d.conv.weight")).contains("g.d.conv.weight");
  }

  @Test
  void rulesApplyInOrderEachToThePreviousResult() {
    KeyMapping renameThenStrip =
        KeyMapping.builder().rename("old.w", "new.w").stripPrefix("new.").build();
    KeyMapping stripThenRename =
        KeyMapping.builder().stripPrefix("new.").rename("old.w", "new.w").build();

    assertThat(renameThenStrip.apply("old.w")).contains("w");
    assertThat(stripThenRename.apply("old.w")).isEmpty();
  }

  @Test
  void rejectsEmptyPrefixes() {
    assertThatThrownBy(() -> KeyMapping.builder().stripPrefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
  }
}

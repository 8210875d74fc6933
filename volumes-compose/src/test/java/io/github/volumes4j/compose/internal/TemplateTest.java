package io.github.volumes4j.compose.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Interpolation against compose-go's template package (its behaviour at e70e961, read from its source and tests;
 * FOO=first, BAR set and empty, UNSET unset).
 */
class TemplateTest {

  static final Map<String, String> ENV = Map.of("FOO", "first", "BAR", "", "JSON", "{\"json\":2}");

  static String sub(String t) {
    return Template.substitute(t, ENV, v -> { });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "$${foo}|${foo}",
      "foo|foo",
      "a $ string|a $ string",
      "^REGEX$|^REGEX$",
      "$}|$}",
      "$|$",
      "$FOO-bar|first-bar",
      "This ${missing} var|This  var",
      "This ${BAR} var|This  var",
      "This $FOO var|This first var",
      "This ${FOO} var|This first var",
      "ok ${missing:-def}|ok def",
      "ok ${missing-def}|ok def",
      "${A:+${A},}B|B",
      "ok ${BAR:-def}|ok def",
      "ok ${FOO:-def}|ok first",
      "ok ${BAR-def}|'ok '",
      "ok ${UNSET_VAR:+presence_value}|'ok '",
      "ok ${UNSET_VAR+presence_value}|'ok '",
      "ok ${FOO:+presence_value}|ok presence_value",
      "ok ${FOO+presence_value}|ok presence_value",
      "ok ${BAR+presence_value}|ok presence_value",
      "ok ${BAR:+presence_value}|'ok '",
      "ok ${BAR:-/non:-alphanumeric}|ok /non:-alphanumeric",
      "-ok ${BAR:-defaultValue}|-ok defaultValue",
      "+ok ${UNSET:-${BAR-defaultValue}}|'+ok '",
      ":-ok ${UNSET-defaultValue}|:-ok defaultValue",
      ":?ok ${BAR:-defaultValue}|:?ok defaultValue",
      "ok ${UNSET_VAR-$FOO}|ok first",
      "ok ${UNSET_VAR-${FOO} ${FOO}}|ok first first",
      "ok ${BAR+$FOO ${FOO:+second}}|ok first second",
      "ok ${FOO?err}|ok first",
      "ok ${BAR?err}|'ok '",
      "${FOO:-x}:/data:${BAR:-ro}|first:/data:ro",
      "${UNSET:-./data}:/data|./data:/data",
      "$JSON|{\"json\":2}",
  })
  void substitutesAsComposeGo(String template, String expected) {
    assertThat(sub(template)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"${", "${}", "${ }", "${ foo}", "${foo }", "${foo!}"})
  void invalidTemplates(String template) {
    assertThatThrownBy(() -> sub(template)).isInstanceOf(Template.Invalid.class)
        .hasMessageContaining("invalid interpolation format").hasMessageContaining(template);
  }

  @Test
  void requiredVariables() {
    assertThatThrownBy(() -> sub("not ok ${UNSET_VAR:?Mandatory Variable Unset}")).isInstanceOf(Template.MissingRequired.class)
        .hasMessage("required variable UNSET_VAR is missing a value: Mandatory Variable Unset");
    assertThatThrownBy(() -> sub("not ok ${BAR:?Mandatory Variable Empty}"))
        .hasMessage("required variable BAR is missing a value: Mandatory Variable Empty");
    assertThatThrownBy(() -> sub("not ok ${UNSET_VAR?}")).hasMessage("required variable UNSET_VAR is missing a value");
    assertThatThrownBy(() -> sub("not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}"))
        .hasMessage("required variable UNSET_VAR is missing a value: Mandatory Variable first");
  }

  @Test
  void unsetVariablesAreReportedOnlyWhenUsed() {
    List<String> unset = new ArrayList<>();
    Template.substitute("${A:-${B}} ${C:+${D}} $E", ENV, unset::add);
    assertThat(unset).containsExactly("B", "E");
  }
}

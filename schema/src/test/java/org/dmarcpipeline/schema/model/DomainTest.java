package org.dmarcpipeline.schema.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dmarcpipeline.schema.json.DmarcJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainTest {

  @ParameterizedTest
  @CsvSource({
    "example.com, example.com",
    "Example.COM, example.com",
    "example.com., example.com",
    "' mail.example.com ', mail.example.com",
    "_dmarc.example.com, _dmarc.example.com",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "localhost, localhost"
  })
  void ofShouldNormaliseWhenTheNameIsValid(String text, String normal) {
    assertThat(Domain.of(text).name()).isEqualTo(normal);
    assertThat(Domain.of(text)).isEqualTo(Domain.of(normal)).hasToString(normal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ".", "..", "a..b", ".example.com", "example.com.."})
  void ofShouldRejectWhenALabelIsEmpty(String text) {
    assertThatThrownBy(() -> Domain.of(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofShouldTakeLabelsOfUpTo63Characters() {
    assertThat(Domain.of("a".repeat(63) + ".example").name()).hasSize(71);
    assertThatThrownBy(() -> Domain.of("a".repeat(64) + ".example")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 63");
  }

  @Test
  void ofShouldTakeNamesOfUpTo253Characters() {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "a".repeat(61));
    assertThat(longest).hasSize(253);
    assertThat(Domain.of(longest + ".").name()).isEqualTo(longest);
    assertThatThrownBy(() -> Domain.of(longest + "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 253");
  }

  @Test
  void constructorShouldRejectWhatIsNotInNormalForm() {
    assertThatThrownBy(() -> new Domain("Example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Domain("example.com.")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Domain(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonShouldBeThePlainString() throws Exception {
    assertThat(DmarcJson.encodeToString(Domain.of("Example.com."))).isEqualTo("\"example.com\"");
    assertThat(DmarcJson.mapper().readValue("\"Example.com\"", Domain.class)).isEqualTo(Domain.of("example.com"));
  }
}

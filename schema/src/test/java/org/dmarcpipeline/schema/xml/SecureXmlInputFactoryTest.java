package org.dmarcpipeline.schema.xml;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.stream.XMLInputFactory;
import org.junit.jupiter.api.Test;

class SecureXmlInputFactoryTest {

  @Test
  void factoryShouldBeTheJdkImplementationWithDtdAndEntitiesOffWhateverIsOnTheClasspath_X11() {
    XMLInputFactory factory = SecureXmlInputFactory.create();

    // newDefaultFactory() ignores META-INF/services, so a Woodstox jar cannot swap in a parser
    // that might silently ignore one of the properties below
    assertThat(factory.getClass().getName()).startsWith("com.sun.xml.internal.stream.");
    assertThat(factory.getProperty(XMLInputFactory.SUPPORT_DTD)).isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES)).isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES)).isEqualTo(false);
  }
}

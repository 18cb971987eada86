package dev.loginetl.pii.internal;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import dev.loginetl.core.EtlException;
import java.security.GeneralSecurityException;

/**
 * Registers the Tink key types this module reads (AES-SIV, HMAC PRF, and AEAD for master keys)
 * once, and hands out the configuration to build primitives with.
 */
public final class TinkSetup {
  private TinkSetup() {}

  /** The configuration to build primitives with; registers the key types on first use. */
  public static Configuration configuration() {
    return Holder.CONFIGURATION;
  }

  private static final class Holder {
    static final Configuration CONFIGURATION = init();

    private static Configuration init() {
      try {
        DeterministicAeadConfig.register();
        PrfConfig.register();
        AeadConfig.register();
        return RegistryConfiguration.get();
      } catch (GeneralSecurityException e) {
        throw new EtlException("Tink could not be initialised in this Java runtime.", e);
      }
    }
  }
}

import { safeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { Vault } from '../core/secrets/vault';

/** The OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage. */
export function createSafeStorageVault(): Vault {
  return {
    kind: 'safeStorage',
    encrypt(plaintext) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError('unavailable', 'The system keychain is not available, so Slipway cannot store secrets safely.', 'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then restart Slipway.');
      }
      return safeStorage.encryptString(plaintext);
    },
    decrypt(ciphertext) {
      return safeStorage.decryptString(ciphertext);
    },
  };
}

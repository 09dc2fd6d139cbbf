/**
 * Encrypts secrets at rest. The app uses Electron's safeStorage (the OS keychain); the headless
 * host uses a key file only its user can read. Nothing outside main ever sees a plaintext.
 */
export interface Vault {
  readonly kind: 'safeStorage' | 'keyFile';
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
}

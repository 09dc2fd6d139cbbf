// What the release can sign and notarize with the secrets the environment holds. Lines name the
// variables that are missing, never the values that are present.

const appleSets = [
  { via: 'App Store Connect API key', names: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'], options: (env) => ({ appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER }) },
  { via: 'Apple ID', names: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'], options: (env) => ({ appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID }) },
];

const present = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/** @returns {{ notarize: true, via: string, options: Record<string, string> } | { notarize: false, line: string }} */
export function notarizationPlan(env) {
  for (const set of appleSets) {
    if (set.names.every((n) => present(env, n))) return { notarize: true, via: set.via, options: set.options(env) };
  }
  return {
    notarize: false,
    line: `macOS notarization skipped: set ${appleSets.map((s) => s.names.join(', ')).join(' or ')} to notarize (unnotarized apps open only after a right-click → Open).`,
  };
}

/** One line about code signing for the platform being packaged (electron-builder signs by itself when the certificate is given). */
export function signingLine(platform, env) {
  if (platform === 'darwin') {
    return present(env, 'CSC_LINK') || present(env, 'CSC_NAME')
      ? 'macOS code signing: with the certificate from CSC_LINK/CSC_NAME.'
      : 'macOS code signing skipped: CSC_LINK is not set (the app is ad-hoc signed and cannot be notarized).';
  }
  if (platform === 'win32') {
    return present(env, 'WIN_CSC_LINK') || present(env, 'CSC_LINK')
      ? 'Windows code signing: with the certificate from WIN_CSC_LINK/CSC_LINK.'
      : 'Windows code signing skipped: WIN_CSC_LINK is not set (SmartScreen will warn on first run).';
  }
  return 'Linux packages are not code signed (AppImage, deb and rpm carry checksums in latest-linux.yml).';
}

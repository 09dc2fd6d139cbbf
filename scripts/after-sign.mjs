// electron-builder's afterSign hook: says whether the app was signed, and notarizes the macOS app
// when the APPLE_* variables are set; without them it says so in one line and the build goes on.
import { join } from 'node:path';
import { notarizationPlan, signingLine } from './signing.mjs';

export default async function afterSign(context) {
  const platform = context.electronPlatformName;
  console.log(`  • ${signingLine(platform, process.env)}`);
  if (platform !== 'darwin') return;
  const plan = notarizationPlan(process.env);
  if (!plan.notarize) {
    console.log(`  • ${plan.line}`);
    return;
  }
  // electron-builder's own notarization library, loaded only when there is something to notarize.
  const { notarize } = await import('@electron/notarize');
  const appPath = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  console.log(`  • notarizing ${appPath} (${plan.via}); this waits for Apple's answer`);
  await notarize({ appPath, ...plan.options });
  console.log(`  • notarized ${appPath}`);
}

/**
 * OCI platform strings (`linux/amd64`, `linux/arm/v7`) from what engines and BuildKit report. Engines
 * say the kernel's machine name (`x86_64`, `aarch64`) where BuildKit and registries use Go's names.
 */

/** Kernel and vendor machine names mapped to the OCI architecture and, for 32-bit arm, its variant. */
const machineNames: Readonly<Record<string, { readonly arch: string; readonly variant?: string }>> = {
  x86_64: { arch: 'amd64' },
  x64: { arch: 'amd64' },
  amd64: { arch: 'amd64' },
  aarch64: { arch: 'arm64' },
  arm64: { arch: 'arm64' },
  armv8l: { arch: 'arm', variant: 'v8' },
  armv7l: { arch: 'arm', variant: 'v7' },
  armv7: { arch: 'arm', variant: 'v7' },
  armhf: { arch: 'arm', variant: 'v7' },
  armv6l: { arch: 'arm', variant: 'v6' },
  armel: { arch: 'arm', variant: 'v6' },
  i386: { arch: '386' },
  i686: { arch: '386' },
  x86: { arch: '386' },
  ppc64le: { arch: 'ppc64le' },
  s390x: { arch: 's390x' },
  riscv64: { arch: 'riscv64' },
  mips64: { arch: 'mips64' },
  mips64le: { arch: 'mips64le' },
  loongarch64: { arch: 'loong64' },
};

/** One platform from its parts; an os or architecture the engine left empty gives null. */
export function formatPlatform(os: string, architecture: string, variant = ''): string | null {
  const o = os.trim().toLowerCase();
  const a = architecture.trim().toLowerCase();
  if (!o || !a) return null;
  const known = machineNames[a];
  const arch = known?.arch ?? a;
  // arm64's only variant is v8, which the OCI spec treats as the default: left out, like BuildKit does.
  const v = (variant.trim().toLowerCase() || known?.variant) ?? '';
  return v && !(arch === 'arm64' && v === 'v8') ? `${o}/${arch}/${v}` : `${o}/${arch}`;
}

/** The engine's own platform from /info (`OSType: linux`, `Architecture: x86_64`). */
export function nativePlatformFromInfo(info: { readonly OSType?: unknown; readonly Architecture?: unknown }): string | null {
  return formatPlatform(typeof info.OSType === 'string' ? info.OSType : '', typeof info.Architecture === 'string' ? info.Architecture : '');
}

const platformPattern = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** `linux/amd64` or `linux/arm/v7`, lower case, as a user may declare it. */
export function isPlatform(value: string): boolean {
  return platformPattern.test(value);
}

/** `linux/amd64/v2` belongs to `linux/amd64`: same os and architecture. */
function family(platform: string): string {
  return platform.split('/').slice(0, 2).join('/');
}

export interface PlatformSplit {
  readonly native: readonly string[];
  readonly emulated: readonly string[];
}

/**
 * What a builder runs natively and what under emulation. BuildKit lists every platform it can run
 * (its own first, then those binfmt handlers add); microarchitecture levels of the native
 * architecture (`linux/amd64/v2`) are not emulation and are left out. A user's declaration replaces
 * the detected natives, and whatever was detected but not declared counts as emulated.
 */
export function splitPlatforms(detectedNative: string | null, buildkit: readonly string[], declared: readonly string[] = []): PlatformSplit {
  const natives = declared.length > 0 ? unique(declared) : detectedNative ? [detectedNative] : [];
  const nativeFamilies = new Set(natives.map(family));
  const detectedFamily = detectedNative ? family(detectedNative) : null;
  const candidates = unique([...(detectedNative ? [detectedNative] : []), ...buildkit]);
  const emulated = candidates.filter((p) => {
    if (nativeFamilies.has(family(p))) return false;
    // A microarchitecture level of the real native is not emulated either, unless it was declared away.
    return !(detectedFamily && family(p) === detectedFamily && p !== detectedNative);
  });
  return { native: natives, emulated };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

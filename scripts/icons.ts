/**
 * Every icon the installers and the tray need, made from assets/icon.svg at build time (never
 * committed binaries that drift from the SVG): PNGs for Linux and the window, .icns for macOS,
 * .ico for Windows, and the tray's three states. Run: npm run icons  (writes build/icons).
 */
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const pngSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const trayStates = { idle: null, building: '#f5a524', failed: '#e5484d' } as const;
/** Tray images are drawn at 16 px and, for high-density screens, twice that (Electron picks `@2x`). */
export const traySize = 16;

export function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

/** The app icon with a status dot in its lower right corner: amber while building, red after a failure. */
export function withBadge(svg: string, color: string | null): string {
  if (!color) return svg;
  const viewBox = /viewBox="([\d.\s-]+)"/.exec(svg)?.[1]?.split(/\s+/).map(Number);
  const [, , w = 32, h = 32] = viewBox ?? [];
  const r = w * 0.22;
  return svg.replace(/<\/svg>\s*$/, `<circle cx="${w - r}" cy="${h - r}" r="${r}" fill="${color}" stroke="#fff" stroke-width="${w * 0.05}"/></svg>`);
}

export interface IconSet {
  readonly dir: string;
  readonly pngs: readonly string[];
  readonly icns: string;
  readonly ico: string;
  readonly tray: readonly string[];
}

export function makeIcons(svgPath: string, outDir: string): IconSet {
  const svg = readFileSync(svgPath, 'utf8');
  const pngDir = join(outDir, 'png');
  const trayDir = join(outDir, 'tray');
  mkdirSync(pngDir, { recursive: true });
  mkdirSync(trayDir, { recursive: true });
  const pngs: string[] = [];
  let largest: Buffer | null = null;
  for (const size of pngSizes) {
    const png = renderPng(svg, size);
    // electron-builder reads a Linux icon folder as NxN.png files.
    const path = join(pngDir, `${size}x${size}.png`);
    writeFileSync(path, png);
    pngs.push(path);
    largest = png;
  }
  writeFileSync(join(outDir, 'icon.png'), renderPng(svg, 512));
  if (!largest) throw new Error('no PNG was rendered');
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert the rendered PNG');
  writeFileSync(join(outDir, 'icon.icns'), icns);
  writeFileSync(join(outDir, 'icon.ico'), ico);
  const tray: string[] = [];
  for (const [state, color] of Object.entries(trayStates)) {
    const badged = withBadge(svg, color);
    for (const [suffix, scale] of [['', 1], ['@2x', 2]] as const) {
      const path = join(trayDir, `tray-${state}${suffix}.png`);
      writeFileSync(path, renderPng(badged, traySize * scale));
      tray.push(path);
    }
  }
  return { dir: outDir, pngs, icns: join(outDir, 'icon.icns'), ico: join(outDir, 'icon.ico'), tray };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const set = makeIcons(join(root, 'assets', 'icon.svg'), join(root, 'build', 'icons'));
  console.log(`icons: ${set.pngs.length} PNG sizes, icon.icns, icon.ico and ${set.tray.length} tray images in ${set.dir}`);
}

#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, install the tarball into an empty project, then run the
# CLI, import the library from JavaScript, and compile a strict TypeScript consumer against the
# installed declarations (no skipLibCheck: the shipped .d.ts files must type-check themselves).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

echo "== npm pack (prepack builds dist/ from clean, with declarations)"
npm pack --pack-destination "$work" --silent >/dev/null
tgz="$(ls "$work"/talscale-*.tgz)"
tar -tzf "$tgz" | sed 's#^package/##' | sort > "$work/files"
for required in LICENSE README.md package.json bin/talscale.js dist/cli.js dist/index.js dist/types/index.d.ts talscale.schema.json; do
  grep -qx "$required" "$work/files" || { echo "the tarball lacks $required" >&2; exit 1; }
done
if grep -E '\.tmp$|^src/|^test/' "$work/files"; then echo "the tarball carries files it should not" >&2; exit 1; fi
# Dependencies are installed by npm, never bundled into dist/ as well.
# Bundled packages (devDependencies such as commander) are fine; a runtime dependency bundled too
# would be shipped twice.
for bundled in $(tar -xzOf "$tgz" --wildcards 'package/dist/*' | sed -nE 's#^// node_modules/((@[^/]+/)?[^/]+)/.*#\1#p' | sort -u); do
  if node -e "process.exit(require('$root/package.json').dependencies['$bundled'] ? 0 : 1)"; then
    echo "dist/ bundles $bundled, which npm also installs" >&2
    exit 1
  fi
done
echo "$(wc -l < "$work/files") files, $(du -k "$tgz" | cut -f1) KiB packed"

echo "== install into an empty project"
mkdir "$work/app"
cd "$work/app"
echo '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }' > package.json
npm install --no-audit --no-fund "$tgz" > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
cat "$work/install.log"
if grep -qi 'install-scripts\|deprecated' "$work/install.log"; then
  echo "installing talscale prints a warning" >&2
  exit 1
fi

echo "== the CLI"
version="$(node -p "require('$root/package.json').version")"
test "$(npx --no-install talscale --version)" = "$version"
npx --no-install talscale generate --example homelab --out out > /dev/null
npx --no-install talscale check out/talos > /dev/null

echo "== the library from JavaScript"
node --input-type=module -e "
import { generateBundle, getExample, loadIntent, sourceFromText, VERSION } from 'talscale'
const { intent } = loadIntent(sourceFromText('talscale.yaml', getExample('homelab')))
const bundle = generateBundle(intent)
if (bundle.files.size < 5) throw new Error('no bundle')
console.log('talscale', VERSION, 'generated', bundle.files.size, 'files')
"

echo "== the library from strict TypeScript"
mkdir -p node_modules/@types
ln -s "$root/node_modules/@types/node" node_modules/@types/node
cat > consumer.ts <<'TS'
import { type Finding, fixedClock, generateBundle, getExample, loadIntent, sourceFromText } from 'talscale'

const { intent } = loadIntent(sourceFromText('talscale.yaml', getExample('homelab')))
const files: ReadonlyMap<string, { content: string }> = generateBundle(intent).files
const findings: Finding[] = []
const now: number = fixedClock('2026-01-01T00:00:00Z')()
console.log(files.size, findings.length, now)
TS
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true,
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "target": "es2022",
    "noEmit": true,
    "skipLibCheck": false,
    "types": ["node"]
  },
  "files": ["consumer.ts"]
}
JSON
"$root/node_modules/.bin/tsc" -p .
echo "package: ok"

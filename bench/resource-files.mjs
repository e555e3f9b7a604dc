// Which app files one resource occupies (bench/README.md, "Files one resource occupies"):
// its module under src/resources/ plus every other file under src/ that names it. The module
// is the one the registry declares under the resource's `leave-out-<id>` feature, so a route
// and a file named differently (`user-consents`, declared in `consents.rs`) are counted too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The module of src/resources/ that `ALL` (src/resources/mod.rs, given as text) declares
 * under `#[cfg(not(feature = "leave-out-<id>"))]`; null when no entry carries that feature.
 */
export function resourceModule(modRs, id) {
  const feature = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const entry = new RegExp(`#\\[cfg\\(not\\(feature\\s*=\\s*"leave-out-${feature}"\\)\\)\\]\\s*declare::<\\s*([a-z0-9_]+)::`);
  return modRs.match(entry)?.[1] ?? null;
}

/** The app files resource `id` occupies, sorted; null while the registry does not declare it. */
export function resourceFiles(root, id) {
  const modRs = path.join(root, 'src', 'resources', 'mod.rs');
  const module = fs.existsSync(modRs) ? resourceModule(fs.readFileSync(modRs, 'utf8'), id) : null;
  if (!module) return null;
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
    } catch {
      return []; // git grep exits 1 when nothing matches
    }
  };
  const own = git(['ls-files', '--', `src/resources/${module}.rs`, `src/resources/${module}`]);
  if (!own.length) return null;
  const naming = git(['grep', '-l', '-w', '-F', `resources::${module}`, '--', 'src/']);
  return [...new Set([...own, ...naming])].sort();
}

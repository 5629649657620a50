/**
 * Start-up checks of configured paths: a folder or file the process will write to later is checked now, so that a
 * typo or a read-only mount stops start-up with the variable's name instead of failing on first use.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';

function statOrUndefined(target: string): Stats | undefined {
  try {
    return statSync(target);
  } catch (error) {
    // ENOTDIR: a file stands where a folder of the path should be; the caller finds which.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function writable(target: string): boolean {
  try {
    accessSync(target, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why a folder that is created when missing cannot be used (undefined: it can). `folder` is absolute. */
function folderProblem(folder: string): string | undefined {
  const info = statOrUndefined(folder);
  if (info) {
    if (!info.isDirectory()) return `${folder} exists but is not a directory`;
    return writable(folder) ? undefined : `the directory ${folder} is not writable by this user`;
  }
  // Missing: it is created with its parents, so the nearest existing ancestor decides.
  const parent = path.dirname(folder);
  if (parent === folder) return `${folder} does not exist`;
  const ancestor = folderProblem(parent);
  return ancestor === undefined ? undefined : `${folder} cannot be created: ${ancestor}`;
}

/**
 * Checks a folder the process creates (with its parents) when missing and then writes into; a relative path is taken
 * from the current directory. Returns a message, or undefined when the folder is usable.
 */
export function writableFolderProblem(value: string): string | undefined {
  try {
    return folderProblem(path.resolve(value));
  } catch (error) {
    return `cannot be inspected (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Checks a file the process appends to (created when missing, in an existing folder). */
export function appendableFileProblem(value: string): string | undefined {
  const file = path.resolve(value);
  try {
    const info = statOrUndefined(file);
    if (info) {
      if (info.isDirectory()) return `${file} is a directory, not a file`;
      try {
        accessSync(file, constants.W_OK);
        return undefined;
      } catch {
        return `the file ${file} is not writable by this user`;
      }
    }
    const folder = statOrUndefined(path.dirname(file));
    if (!folder) return `the folder ${path.dirname(file)} does not exist`;
    if (!folder.isDirectory()) return `${path.dirname(file)} is not a directory`;
    return writable(path.dirname(file)) ? undefined : `the folder ${path.dirname(file)} is not writable by this user`;
  } catch (error) {
    return `cannot be inspected (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/**
 * Rules of the body tree, free of Nest and TypeORM so they are unit-tested directly.
 */

/** Designations are compared the way people type them: case and spacing do not make a new body. */
export function normalizeDesignation(designation: string): string {
  return designation.trim().replace(/\s+/g, ' ');
}

/**
 * Would making `newParentId` the parent of `bodyId` close a loop? `ancestorsOfNewParent` is the
 * chain from the new parent up to its root (the new parent first).
 */
export function wouldCreateCycle(
  bodyId: string,
  newParentId: string | null,
  ancestorsOfNewParent: readonly string[],
): boolean {
  if (newParentId === null) return false;
  if (newParentId === bodyId) return true;
  return ancestorsOfNewParent.includes(bodyId);
}

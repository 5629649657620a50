export default async function globalTeardown() {
  await globalThis.__registryTestDatabase?.teardown();
}

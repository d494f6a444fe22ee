// k8s.ExtraManifestController: the extra manifests of the ExtraManifestsConfig as Manifests
// (`<priority>-<name>` in `controlplane`), next to the bootstrap ones, for the manifest-apply controller.
// Inline manifests are parsed here (every YAML document an object, empty ones skipped); manifests
// fetched from a URL are not supported yet and are logged as skipped. Manifests of entries no longer
// configured are removed.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  ExtraManifestsConfigDefinition,
  EXTRA_MANIFESTS_CONFIG_ID,
  type ExtraManifestsConfigSpec,
} from '../../src/resources/k8s/extra-manifests-config';
import { ManifestDefinition, type ManifestSpec } from '../../src/resources/k8s/manifest';
import { yamlLibrary } from '../../src/files/yaml-library';

const CONFIG = {
  namespace: 'controlplane',
  type: ExtraManifestsConfigDefinition.type,
  id: EXTRA_MANIFESTS_CONFIG_ID,
};
const NAMESPACE = 'controlplane';

/**
 * An inline manifest's objects; rejects YAML that does not parse or a document that is not a map. The
 * YAML library loads here, on the first inline manifest: a node in maintenance never needs it.
 */
export async function inlineObjects(text: string): Promise<Record<string, unknown>[]> {
  const { parseAllDocuments } = await yamlLibrary();
  const objects: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('a document is not an object');
    objects.push(value as Record<string, unknown>);
  }
  return objects;
}

export class ExtraManifestController implements Controller {
  readonly name = 'k8s.ExtraManifestController';

  inputs() {
    return [{ ...CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: ManifestDefinition.type, namespace: NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await getOptional<ExtraManifestsConfigSpec>(ctx, CONFIG);
      ctx.startTrackingOutputs();
      for (const m of config?.spec.extraManifests ?? []) {
        const id = `${m.priority}-${m.name}`;
        if (m.inlineManifest === '') {
          ctx.logger.warn({ id, url: m.url }, 'manifests from a URL are not supported yet: skipped');
          continue;
        }
        let items: Record<string, unknown>[];
        try {
          items = await inlineObjects(m.inlineManifest);
        } catch (e: unknown) {
          ctx.logger.error({ id, error: (e as Error).message }, 'inline manifest does not parse');
          continue;
        }
        await ctx.modify<ManifestSpec>({ namespace: NAMESPACE, type: ManifestDefinition.type, id }, () => ({
          items,
        }));
      }
      await ctx.cleanupOutputs();
    }
  }
}

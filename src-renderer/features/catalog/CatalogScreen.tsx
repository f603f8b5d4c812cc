import { EmptyState } from '../../components/EmptyState';
import { CatalogIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';

export function CatalogScreen() {
  return (
    <Screen id="catalog" title="Catalog" description="Small models known to run well offline.">
      <EmptyState
        icon={CatalogIcon}
        title="The catalog is not available yet"
        description="A curated list of models with sizes, quantizations and a fit estimate for this machine. It arrives in a later version."
        planned={[
          'Curated models with size and quantization choices',
          'Fit estimate against your RAM and GPU',
          'Resumable downloads verified with SHA-256',
          'Offline model packs for air-gapped machines',
        ]}
      />
    </Screen>
  );
}

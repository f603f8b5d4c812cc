import { useEffect, useState } from 'react';
import { getBridge } from '../../bridge';
import { Field, Select } from '../../components/Field';
import { useSettingsStore } from '../../stores/settingsStore';

/** Which installed cross-encoder reranks knowledge search: one from the catalog (Reranking) or placed by hand. */
export function RerankerSetting() {
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);
  const [installed, setInstalled] = useState<string[] | null>(null);

  useEffect(() => {
    let live = true;
    getBridge()
      .request('knowledge.rerankers', {})
      .then((list) => live && setInstalled(list.map((r) => r.name)))
      .catch(() => live && setInstalled([]));
    return () => {
      live = false;
    };
  }, []);

  const names = installed ?? [];
  // An empty or no-longer-installed choice means the first installed one, as search does.
  const chosen = names.includes(settings.knowledgeReranker) ? settings.knowledgeReranker : (names[0] ?? '');
  return (
    <Field
      label="Reranker model"
      htmlFor="setting-knowledgeReranker"
      description={
        installed !== null && names.length === 0
          ? 'None installed: download one from the Catalog (filter “Reranking”).'
          : 'The cross-encoder that re-orders knowledge search results when reranking is on.'
      }
    >
      <Select
        id="setting-knowledgeReranker"
        data-testid="setting-knowledgeReranker"
        aria-describedby="setting-knowledgeReranker-description"
        value={chosen}
        disabled={!loaded || names.length === 0}
        onChange={(e) => void update({ knowledgeReranker: e.target.value })}
      >
        {names.length === 0 && <option value="">None installed</option>}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

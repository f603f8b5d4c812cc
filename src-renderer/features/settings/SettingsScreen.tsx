import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Screen } from '../../components/Screen';
import { useSettingsStore } from '../../stores/settingsStore';
import { AboutSection } from './AboutSection';
import { ApiSection } from './ApiSection';
import { AlertsSection } from './AlertsSection';
import { AppearanceSection } from './AppearanceSection';
import { McpSection } from './McpSection';
import { ModelsMemorySection } from './ModelsMemorySection';
import { NodesSection } from './NodesSection';
import { PrivacySection } from './PrivacySection';
import { SaveStatus } from './SaveStatus';

export function SettingsScreen() {
  const loaded = useSettingsStore((s) => s.loaded);
  const loadError = useSettingsStore((s) => s.loadError);
  const saveState = useSettingsStore((s) => s.saveState);
  const saveError = useSettingsStore((s) => s.saveError);
  const load = useSettingsStore((s) => s.load);

  // One save status for the whole screen: every section saves through the same store.
  return (
    <Screen
      id="settings"
      title="Settings"
      description="Changes are saved as you make them."
      actions={<SaveStatus state={saveState} />}
    >
      <div className="space-y-5">
        {!loaded && loadError && (
          <Banner level="error" title="Could not load your settings">
            <p>{loadError}</p>
            <Button className="mt-2" onClick={() => void load()}>
              Try again
            </Button>
          </Banner>
        )}
        {saveError && (
          <Banner level="error" title="A change was not saved" data-testid="settings-error">
            {saveError} The previous value was restored.
          </Banner>
        )}
        <AppearanceSection />
        <ModelsMemorySection />
        <AlertsSection />
        <PrivacySection />
        <ApiSection />
        <McpSection />
        <NodesSection />
        <AboutSection />
      </div>
    </Screen>
  );
}

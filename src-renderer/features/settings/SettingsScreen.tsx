import { Screen } from '../../components/Screen';
import { AboutSection } from './AboutSection';
import { AppearanceSection } from './AppearanceSection';

export function SettingsScreen() {
  return (
    <Screen id="settings" title="Settings" description="Changes are saved as you make them.">
      <div className="space-y-5">
        <AppearanceSection />
        <AboutSection />
      </div>
    </Screen>
  );
}

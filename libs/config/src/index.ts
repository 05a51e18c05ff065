export * from './config';
export * from './config.module';
export * from './groups';
export * from './keyring';
export { ConfigError, loadSettings, settingNames } from './load-settings';
export type { Settings, SettingsGroup } from './load-settings';

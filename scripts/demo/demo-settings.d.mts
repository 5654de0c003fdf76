export const DEMO_SETTINGS_KEY: string;
export const DEMO_SETTINGS: {
  schemaVersion: number;
  domains: { domain: string; site: string; leadMinutes: number | null; warnings: boolean }[];
  leadMinutes: number;
  notifyEnded: boolean;
};

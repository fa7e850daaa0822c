// Keys of the user's choices in the settings table, shared by the import worker and screens.
export const SETTING = {
	/** CSV header signature → column mapping the user chose for it. */
	csvMappings: 'activity.csvMappings',
	/** WakaTime heartbeat join timeout, minutes. */
	wakatimeTimeout: 'activity.wakatimeTimeoutMinutes',
	/** IANA zone for day boundaries and for CSV times without an offset. */
	timeZone: 'activity.timeZone',
	/** User-edited category rules (serialized). */
	categoryRules: 'activity.categoryRules',
	/** The git engine's exclusion rules as the user edited them (absent: the defaults). */
	gitExclusions: 'git.exclusions'
} as const;

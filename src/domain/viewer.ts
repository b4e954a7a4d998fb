/**
 * Who is making a request: the user, and the session that proves it (a Charla token, or one
 * company token: each has a session of its own). `hasNickname` is false for a user known only
 * through the company's identity provider who has not claimed a nickname yet.
 */
export type Viewer = {
  userId: number;
  sessionId: number;
  hasNickname: boolean;
  /** True when the company token this request was made with names its holder an admin. */
  companyAdmin?: boolean;
};

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "nickname" TEXT,
    "nicknameKey" TEXT,
    "passwordHash" TEXT,
    "externalSubject" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_User" ("createdAt", "id", "nickname", "nicknameKey", "passwordHash") SELECT "createdAt", "id", "nickname", "nicknameKey", "passwordHash" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_nicknameKey_key" ON "User"("nicknameKey");
CREATE UNIQUE INDEX "User_externalSubject_key" ON "User"("externalSubject");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

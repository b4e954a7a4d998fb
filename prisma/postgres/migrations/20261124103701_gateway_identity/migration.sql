-- AlterTable
ALTER TABLE "User" ADD COLUMN     "externalSubject" TEXT,
ALTER COLUMN "nickname" DROP NOT NULL,
ALTER COLUMN "nicknameKey" DROP NOT NULL,
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_externalSubject_key" ON "User"("externalSubject");

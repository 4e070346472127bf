-- The bot's dialog state is encrypted like the messages it comes from. SQL cannot encrypt, so a
-- dialog in progress during the upgrade loses its state and starts again at the customer's next message.
ALTER TABLE "conversations" ADD COLUMN "bot_state_enc" text;--> statement-breakpoint
ALTER TABLE "conversations" DROP COLUMN "bot_state";
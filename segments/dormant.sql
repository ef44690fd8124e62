-- customers who bought before but not in the last 365 days
SELECT *
FROM customer_view
WHERE dormant = 1 AND order_count > 0
ORDER BY postal_code, id;
